import { Migration } from '@mikro-orm/migrations';
import { ERROR_CATEGORIES } from '@ai-http/shared/n8n/digest-schema';
import { failureColumn, sumHistogramsSql } from '../rollup-layout.ts';
import { ROLLUPS_0010, rollupFunctionSql, type RollupGrouping } from './0010-execution-rollups.ts';

/** 0010's rollups, and per workflow a row per ISO week (UTC, from Monday): seven of its days. */
export const ROLLUPS_0012: readonly RollupGrouping[] = [...ROLLUPS_0010, { span: 'week', perWorkflow: true, bucket: (at) => `date_trunc('week', ${at}, 'UTC')` }];

/**
 * Per-workflow rollups per week, so workflow health over 7 or 30 days reads a few rows per
 * workflow (whole weeks, a few days at the edges, see ExecutionReadRepository.workflowHealth)
 * instead of one per day: an account with 2,000 workflows had 60,000 workflow-days in 30 days.
 * The same trigger function keeps them, in the writing transaction. The existing weeks are summed
 * from the per-workflow days (exact: a UTC week is seven whole UTC days), not from the executions.
 */
export class Migration0012WorkflowWeekRollups extends Migration {
  override name = '0012-workflow-week-rollups';

  override up(): void {
    this.addSql(`alter table "execution_rollups" drop constraint "execution_rollups_span_check";`);
    this.addSql(`alter table "execution_rollups" add constraint "execution_rollups_span_check" check ("span" in ('hour', 'day', 'week'));`);
    const counts = ['runs', 'failures', ...ERROR_CATEGORIES.map(failureColumn)].map((column) => `"${column}"`);
    this.addSql(`insert into "execution_rollups" ("user_id", "instance_id", "n8n_workflow_id", "span", "bucket_start", ${counts.join(', ')}, "durations")
      select "user_id", "instance_id", "n8n_workflow_id", 'week', date_trunc('week', "bucket_start", 'UTC'), ${counts.map((column) => `sum(${column})::int`).join(', ')}, ${sumHistogramsSql('"durations"')}
      from "execution_rollups" where "span" = 'day' and "n8n_workflow_id" <> '' group by 1, 2, 3, 5;`);
    this.addSql(`create or replace function ${rollupFunctionSql(ROLLUPS_0012)};`);
    this.addSql(`analyze "execution_rollups";`);
  }

  override down(): void {
    this.addSql(`create or replace function ${rollupFunctionSql(ROLLUPS_0010)};`);
    this.addSql(`delete from "execution_rollups" where "span" = 'week';`);
    this.addSql(`alter table "execution_rollups" drop constraint "execution_rollups_span_check";`);
    this.addSql(`alter table "execution_rollups" add constraint "execution_rollups_span_check" check ("span" in ('hour', 'day'));`);
  }
}
