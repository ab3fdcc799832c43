import { Migration } from '@mikro-orm/migrations';

/** Admin accounts: they may open the operator views (/admin/queues). Granted with `ai-http user admin`. */
export class Migration0011AdminUsers extends Migration {
  override name = '0011-admin-users';

  override up(): void {
    this.addSql('alter table "users" add column "is_admin" boolean not null default false;');
  }

  override down(): void {
    this.addSql('alter table "users" drop column if exists "is_admin";');
  }
}
