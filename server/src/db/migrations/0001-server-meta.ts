import { Migration } from '@mikro-orm/migrations';

/** The first migration: a one-row table naming this installation (used in logs and metrics). */
export class Migration0001ServerMeta extends Migration {
  override name = '0001-server-meta';

  override up(): void {
    this.addSql(`create table if not exists "server_meta" (
      "id" smallint primary key default 1 check ("id" = 1),
      "installation_id" uuid not null default gen_random_uuid(),
      "created_at" timestamptz not null default now()
    );`);
    this.addSql(`insert into "server_meta" ("id") values (1) on conflict do nothing;`);
  }

  override down(): void {
    this.addSql('drop table if exists "server_meta";');
  }
}
