import { Migration } from '@mikro-orm/migrations';

/**
 * Idempotency keys of creates (`Idempotency-Key` header): per user, the request it was first used
 * for (route and body hash) and, once answered, the answer, so a retry gets the same answer
 * instead of a second row. `status` is null while the first request runs.
 */
export class Migration0006IdempotencyKeys extends Migration {
  override name = '0006-idempotency-keys';

  override up(): void {
    this.addSql(`create table "idempotency_keys" (
      "user_id" uuid not null references "users" ("id") on delete cascade,
      "key" text not null,
      "route" text not null,
      "request_hash" text not null,
      "status" smallint null,
      "response" jsonb null,
      "created_at" timestamptz not null default now(),
      primary key ("user_id", "key")
    );`);
  }

  override down(): void {
    this.addSql('drop table if exists "idempotency_keys";');
  }
}
