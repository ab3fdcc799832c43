import { Migration } from '@mikro-orm/migrations';
import { ERROR_CATEGORIES } from '@ai-http/shared/n8n/digest-schema';
import { durationBinSql, failureColumn, histogramSql } from '../rollup-layout.ts';

/** A rollup kept per execution: its span, whether per workflow (else workflow '': every workflow of the instance), and its bucket's start. */
export interface RollupGrouping {
  span: string;
  perWorkflow: boolean;
  bucket: (startedAt: string) => string;
}

/** The rollups of this migration: per instance, UTC hours and days; per workflow, UTC days. */
export const ROLLUPS_0010: readonly RollupGrouping[] = [
  { span: 'hour', perWorkflow: false, bucket: (at) => `date_trunc('hour', ${at}, 'UTC')` },
  { span: 'day', perWorkflow: false, bucket: (at) => `date_trunc('day', ${at}, 'UTC')` },
  { span: 'day', perWorkflow: true, bucket: (at) => `date_trunc('day', ${at}, 'UTC')` },
];

/**
 * Adds to the rollups what the executions in `source` count for, times their `sign` (1 for rows
 * written, -1 for rows replaced or deleted), in each of `groupings`: by default per instance, one
 * row per UTC hour and one per UTC day of all its workflows (workflow '': the stats of every
 * workflow), and one per UTC day of each workflow (workflow health, and the stats of one
 * workflow). Executions with no start time are in no window, so in no rollup.
 */
export function applyDelta(source: string, groupings: readonly RollupGrouping[] = ROLLUPS_0010): string {
  const failed = `"status" in ('error', 'crashed')`;
  const categories = ERROR_CATEGORIES.map((category) => `"${failureColumn(category)}"`);
  const groups = groupings.map(({ span, perWorkflow, bucket }) => `('${span}', ${perWorkflow ? 'd."n8n_workflow_id"' : "''"}, ${bucket('d."started_at"')})`).join(', ');
  return `insert into "execution_rollups" as r ("user_id", "instance_id", "n8n_workflow_id", "span", "bucket_start", "runs", "failures", ${categories.join(', ')}, "durations")
    select "user_id", "instance_id", g."workflow", g."span", g."bucket", sum("sign")::int, coalesce(sum("sign") filter (where ${failed}), 0)::int,
           ${ERROR_CATEGORIES.map((category) => `coalesce(sum("sign") filter (where ${failed} and coalesce("error_category", 'unknown') = '${category}'), 0)::int`).join(', ')},
           ${histogramSql('d."bin"', '"sign"')}
    from (select *, ${durationBinSql('"duration_ms"')} as "bin" from ${source} s) d
    cross join lateral (values ${groups}) g("span", "workflow", "bucket")
    where d."started_at" is not null
    group by 1, 2, 3, 4, 5
    on conflict ("instance_id", "n8n_workflow_id", "span", "bucket_start") do update set
      "runs" = r."runs" + excluded."runs", "failures" = r."failures" + excluded."failures",
      ${categories.map((column) => `${column} = r.${column} + excluded.${column}`).join(', ')},
      "durations" = array(select a + b from unnest(r."durations", excluded."durations") with ordinality u(a, b, i) order by i)`;
}

const ROLLUP_FIELDS = `"user_id", "instance_id", "n8n_workflow_id", "started_at", "status", "error_category", "duration_ms"`;

/**
 * The trigger function (`execution_rollups_apply`, after the `create` or `create or replace`)
 * that keeps `groupings` from each statement's transition tables; a bucket a delete leaves with
 * no execution goes (retention empties old days).
 */
export function rollupFunctionSql(groupings: readonly RollupGrouping[]): string {
  const emptied = groupings.map(({ span, perWorkflow, bucket }) => `('${span}', ${perWorkflow ? 'o."n8n_workflow_id"' : "''"}, ${bucket('o."started_at"')})`).join(', ');
  return `"execution_rollups_apply"() returns trigger language plpgsql as $$
      begin
        if TG_OP = 'INSERT' then
          ${applyDelta(`(select 1 as "sign", ${ROLLUP_FIELDS} from "new_rows")`, groupings)};
        elsif TG_OP = 'UPDATE' then
          ${applyDelta(`(select 1 as "sign", ${ROLLUP_FIELDS} from "new_rows" union all select -1, ${ROLLUP_FIELDS} from "old_rows")`, groupings)};
        else
          ${applyDelta(`(select -1 as "sign", ${ROLLUP_FIELDS} from "old_rows")`, groupings)};
          delete from "execution_rollups" r using (select distinct o."instance_id", g."workflow", g."span", g."bucket" from "old_rows" o cross join lateral (values ${emptied}) g("span", "workflow", "bucket") where o."started_at" is not null) e
            where r."runs" = 0 and r."instance_id" = e."instance_id" and r."n8n_workflow_id" = e."workflow" and r."span" = e."span" and r."bucket_start" = e."bucket";
        end if;
        return null;
      end $$`;
}

/**
 * Rollups of the execution summaries, so the dashboard's windowed reads (GET /stats, /workflows)
 * cost what the number of hours or days costs, not the number of executions: per bucket, runs,
 * failures per category and a duration histogram (fixed log-scale bins, see
 * rollup-layout.ts) that merges by addition, so percentiles come from any set of buckets.
 *
 * Kept by statement triggers on `executions`, in the writing transaction: the poller's and the
 * hook's digest upserts, retention's deletes, cascades when a user or instance goes, and bulk
 * loads alike; each statement applies its rows' difference (transition tables: what it wrote
 * minus what it replaced), so concurrent writers add up instead of overwriting each other. A
 * trigger rather than the repository: a write path that forgot the rollups would make them lie
 * quietly, and retention's and the cascades' deletes do not go through the repository's upsert.
 */
export class Migration0010ExecutionRollups extends Migration {
  override name = '0010-execution-rollups';

  override up(): void {
    const categories = ERROR_CATEGORIES.map((category) => `"${failureColumn(category)}" integer not null default 0`).join(',\n      ');
    // No foreign keys: deleting a user or instance cascades to its executions, whose trigger then
    // takes their counts out of rollups that a cascade of their own could already have removed.
    this.addSql(`create table "execution_rollups" (
      "user_id" uuid not null,
      "instance_id" uuid not null,
      "n8n_workflow_id" text not null,
      "span" text not null check ("span" in ('hour', 'day')),
      "bucket_start" timestamptz not null,
      "runs" integer not null,
      "failures" integer not null,
      ${categories},
      "durations" integer[] not null,
      primary key ("instance_id", "n8n_workflow_id", "span", "bucket_start")
    );`);
    // The reads scan a user's buckets of a window; the counts are included so that scan does not
    // visit the rows (each carries a histogram of ~1 KB). Histograms are read only for the
    // buckets and workflows shown, by the primary key.
    this.addSql(`create index "execution_rollups_user" on "execution_rollups" ("user_id", "span", "bucket_start")
      include ("instance_id", "n8n_workflow_id", "runs", "failures", ${ERROR_CATEGORIES.map((category) => `"${failureColumn(category)}"`).join(', ')});`);
    this.addSql(`${applyDelta(`(select 1 as "sign", ${ROLLUP_FIELDS} from "executions")`)};`);
    this.addSql(`create function ${rollupFunctionSql(ROLLUPS_0010)}`);
    this.addSql(`create trigger "executions_rollup_insert" after insert on "executions" referencing new table as "new_rows" for each statement execute function "execution_rollups_apply"();`);
    this.addSql(`create trigger "executions_rollup_update" after update on "executions" referencing old table as "old_rows" new table as "new_rows" for each statement execute function "execution_rollups_apply"();`);
    this.addSql(`create trigger "executions_rollup_delete" after delete on "executions" referencing old table as "old_rows" for each statement execute function "execution_rollups_apply"();`);
    this.addSql(`analyze "execution_rollups";`);
  }

  override down(): void {
    for (const event of ['insert', 'update', 'delete']) this.addSql(`drop trigger if exists "executions_rollup_${event}" on "executions";`);
    this.addSql('drop function if exists "execution_rollups_apply"();');
    this.addSql('drop table if exists "execution_rollups";');
  }
}
