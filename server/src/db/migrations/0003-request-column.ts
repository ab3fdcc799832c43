import { Migration } from '@mikro-orm/migrations';

/**
 * Saved requests and templates hold their RequestSpec under the name the API and shared/ use.
 * And the built-in templates' `created_at`, which the seed took from `now()` (microseconds), is
 * cut to milliseconds: list cursors carry milliseconds, so a page that ended inside one
 * millisecond skipped the rows after it.
 */
export class Migration0003RequestColumn extends Migration {
  override name = '0003-request-column';

  override up(): void {
    this.addSql('alter table "requests" rename column "spec" to "request";');
    this.addSql('alter table "templates" rename column "spec" to "request";');
    this.addSql(`update "templates" set "created_at" = date_trunc('milliseconds', "created_at") where "created_at" <> date_trunc('milliseconds', "created_at");`);
  }

  override down(): void {
    this.addSql('alter table "requests" rename column "request" to "spec";');
    this.addSql('alter table "templates" rename column "request" to "spec";');
  }
}
