import { Migration } from '@mikro-orm/migrations';

/**
 * The dashboard's read models (workflows, executions, stats) read the execution summaries. Two
 * columns lift out of the digest what they group and rank by, so no query opens the JSON:
 * the error category and the duration. Four indexes serve them:
 * - `executions_user_started`: a user's executions by start time, with every column the
 *   aggregates read included, so stats and workflow health are index-only scans of the window;
 * - `executions_user_status` and `executions_user_failures`: the list filtered to one status or
 *   one error category, newest first (a rare status or category would otherwise be searched for
 *   along the whole time index);
 * - `executions_user_workflow`: one workflow's executions (whatever its instance), newest first,
 *   for the list and the statistics filtered to it.
 * Reads filtered to one instance and workflow can also use `executions_workflow`. And the planner
 * learns that an instance belongs to one user: without it, it multiplies the two selectivities,
 * expects a handful of rows for "this user and this instance" and picks plans that sort thousands.
 */
export class Migration0004ExecutionReadModels extends Migration {
  override name = '0004-execution-read-models';

  override up(): void {
    this.addSql(`alter table "executions" add column "error_category" text null, add column "duration_ms" integer null;`);
    this.addSql(`update "executions" set
      "error_category" = "digest" -> 'error' ->> 'category',
      "duration_ms" = round(("digest" ->> 'durationMs')::numeric)::integer
      where "digest" is not null;`);
    this.addSql(`create index "executions_user_started" on "executions" ("user_id", "started_at" desc, "id" desc)
      include ("instance_id", "n8n_workflow_id", "status", "error_category", "duration_ms");`);
    this.addSql(`create index "executions_user_workflow" on "executions" ("user_id", "n8n_workflow_id", "started_at" desc, "id" desc);`);
    this.addSql(`create index "executions_user_status" on "executions" ("user_id", "status", "started_at" desc, "id" desc);`);
    this.addSql(`create index "executions_user_failures" on "executions" ("user_id", "error_category", "started_at" desc, "id" desc)
      where "error_category" is not null;`);
    this.addSql(`create statistics "executions_user_instance" (dependencies) on "user_id", "instance_id" from "executions";`);
    this.addSql(`analyze "executions";`);
  }

  override down(): void {
    this.addSql('drop statistics if exists "executions_user_instance";');
    this.addSql('drop index if exists "executions_user_failures";');
    this.addSql('drop index if exists "executions_user_status";');
    this.addSql('drop index if exists "executions_user_workflow";');
    this.addSql('drop index if exists "executions_user_started";');
    this.addSql('alter table "executions" drop column "error_category", drop column "duration_ms";');
  }
}
