// Generated execution rows for benchmarks: one `insert … select generate_series` adds `count`
// executions to a user's instances over the last 30 days: 80% success, 13% error, 2% crashed, 5%
// canceled; failures get a category (one in ten none), durations are log-normal-ish (50 ms to a
// minute). The draws are made in a select list, one random() per row and column: a LATERAL
// (select random()) that names no outer column runs once for the whole insert. Values are
// written into the statement (checked first), so it runs on pg and on MikroORM's execute alike.
export interface GeneratedExecutions {
  userId: string;
  /** Rows are spread over these instances in turn. */
  instanceIds: readonly string[];
  /** n8n execution ids are `${prefix}${g}`; g runs from `first` for `count` rows. */
  prefix: string;
  first: number;
  count: number;
  /** Workflow ids are `wf-${g % workflows}`. */
  workflows: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function generatedExecutionsSql({ userId, instanceIds, prefix, first, count, workflows }: GeneratedExecutions): string {
  if (![userId, ...instanceIds].every((id) => UUID.test(id)) || !/^[\w-]*$/.test(prefix) || ![first, count, workflows].every(Number.isSafeInteger)) throw new Error('generatedExecutionsSql: ids must be uuids, the prefix a word, the counts integers');
  const instances = `array[${instanceIds.map((id) => `'${id}'`).join(', ')}]::uuid[]`;
  return `insert into "executions" ("user_id", "instance_id", "n8n_execution_id", "n8n_workflow_id", "status", "mode", "started_at", "stopped_at", "duration_ms", "error_category", "digest", "created_at")
     select '${userId}', (${instances})[1 + g % ${instanceIds.length}], '${prefix}' || g, 'wf-' || (g % ${workflows}), "status", 'webhook', "started_at", "started_at" + make_interval(secs => "ms" / 1000.0), "ms", "category",
            jsonb_build_object('v', 1, 'executionId', '${prefix}' || g, 'status', "status", 'durationMs', "ms",
                               'failingNode', case when "category" is null then null else jsonb_build_object('name', 'Call API', 'type', 'n8n-nodes-base.httpRequest') end,
                               'error', case when "category" is null then null else jsonb_build_object('category', "category", 'name', 'NodeApiError', 'message', 'The service refused the request') end),
            now()
     from (
       select g, "started_at", "ms", "status",
              case when "status" in ('error', 'crashed') and "k" > 0.1
                   then (array['auth','rate_limit','rate_limit','server_error','timeout','connection','not_found','expression'])[1 + floor("k" * 8)::int % 8] end as "category"
       from (
         select g, "k", date_trunc('milliseconds', now() - "u" * interval '30 days') as "started_at", least(60000, (50 * exp("v" * 5))::int) as "ms",
                case when "r" < 0.80 then 'success' when "r" < 0.93 then 'error' when "r" < 0.95 then 'crashed' else 'canceled' end as "status"
         from (select g, random() as "r", random() as "k", random() as "u", random() as "v" from generate_series(${first}, ${first + count - 1}) g) draws
       ) shaped
     ) rows`;
}
