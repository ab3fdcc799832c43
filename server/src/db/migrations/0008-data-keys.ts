import { Migration } from '@mikro-orm/migrations';

/**
 * Data keys (envelope encryption): the keys that encrypt stored n8n API keys, each kept wrapped
 * (AES-256-GCM) under the master key ENCRYPTION_KEY, whose id is `master_key_id`. `ai-http keys
 * rotate` adds one and re-encrypts every n8n key under it; running servers find it here.
 */
export class Migration0008DataKeys extends Migration {
  override name = '0008-data-keys';

  override up(): void {
    this.addSql(`create table "data_keys" (
      "id" text primary key,
      "wrapped" text not null,
      "master_key_id" text not null,
      "created_at" timestamptz not null default now()
    );`);
  }

  override down(): void {
    this.addSql('drop table if exists "data_keys";');
  }
}
