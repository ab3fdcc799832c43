import { Migration } from '@mikro-orm/migrations';

/**
 * Sync (issue 17): one row per synced record and user, with each field's stamp (`clocks`) and the
 * create and delete registers; the change sequence is the pull cursor. `sync_clients` keeps each
 * device's last processed mutation id (push idempotency); `users.sync_purged_through` the newest
 * change sequence of a tombstone purged after retention (an older cursor must start over).
 * Stamps compare as bytes (collate "C"), as they do in JavaScript.
 */
export class Migration0007Sync extends Migration {
  override name = '0007-sync';

  override up(): void {
    this.addSql(`create table "sync_records" (
      "user_id" uuid not null references "users" ("id") on delete cascade,
      "entity" text not null,
      "record_id" text not null,
      "v" integer not null,
      "fields" jsonb not null,
      "clocks" jsonb not null,
      "created_stamp" text collate "C" null,
      "deleted_stamp" text collate "C" null,
      "change_seq" bigint not null,
      "updated_at" timestamptz not null default now(),
      primary key ("user_id", "entity", "record_id")
    );`);
    this.addSql(`create unique index "sync_records_changes" on "sync_records" ("user_id", "change_seq");`);
    this.addSql(`create table "sync_clients" (
      "user_id" uuid not null references "users" ("id") on delete cascade,
      "client_id" text not null,
      "last_mutation_id" bigint not null default 0,
      "updated_at" timestamptz not null default now(),
      primary key ("user_id", "client_id")
    );`);
    this.addSql(`alter table "users" add column "sync_purged_through" bigint not null default 0;`);
  }

  override down(): void {
    this.addSql('drop table if exists "sync_clients";');
    this.addSql('drop table if exists "sync_records";');
    this.addSql('alter table "users" drop column if exists "sync_purged_through";');
  }
}
