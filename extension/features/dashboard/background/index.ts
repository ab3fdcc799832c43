// The dashboard's background half: it reads the server's read models (/stats, /workflows,
// /executions) with the account's session, refreshing an expired access token through the
// stream's single-flight refresh (two refreshes at once would end the session), and validates
// every answer with the server's own shapes from shared/.
import { executionSummaryView, instanceView, pageSchema, READ_RANGES, statsView, workflowHealthList, type ReadRange } from '@ai-http/shared/api/resources';
import { AppError } from '@ai-http/shared/errors';
import type { z } from 'zod';
import { attempt } from '../../../background/result.ts';
import type { ServerStream } from '../../../background/server/stream.ts';
import { onDashboardMessage, type WorkflowFilter } from '../protocol.ts';

/** How many failures one page of the recent failures list holds. */
export const FAILURES_PAGE = 20;
/** How many of a workflow's latest runs its card draws. */
export const RECENT_RUNS = 20;

const answers = {
  stats: statsView.field,
  workflows: workflowHealthList.field,
  failures: pageSchema(executionSummaryView.field),
  instances: pageSchema(instanceView.field),
};

/** A query string with the filter's ids (encoded here, validated by the server). */
const query = (entries: Record<string, string | undefined>, workflow?: WorkflowFilter) => {
  const params = new URLSearchParams(Object.entries({ ...entries, workflowId: workflow?.workflowId, instanceId: workflow?.instanceId }).filter((entry): entry is [string, string] => entry[1] !== undefined));
  return params.toString();
};

export function registerDashboardBackground(stream: ServerStream): () => void {
  // The stream owns the single-flight refresh: every caller that meets an expired token shares it.
  const withSession = <T extends z.ZodType>(path: string, answer: T): Promise<z.output<T>> => stream.withAccount((api, token) => api.read(token, path, answer), 'Sign in to your AI-HTTP server in the options page.');
  const removers = [
    onDashboardMessage('dashboardStats', ({ data }) => attempt(() => withSession(`stats?${query({ range: rangeOf(data.range) }, data.workflow)}`, answers.stats))),
    onDashboardMessage('dashboardWorkflows', ({ data }) => attempt(() => withSession(`workflows?range=${rangeOf(data.range)}`, answers.workflows))),
    onDashboardMessage('dashboardFailures', ({ data }) =>
      attempt(() => withSession(`executions?${query({ status: 'error', limit: String(FAILURES_PAGE), cursor: data.cursor }, data.workflow)}`, answers.failures)),
    ),
    onDashboardMessage('dashboardRecentRuns', ({ data }) => attempt(() => withSession(`executions?${query({ limit: String(RECENT_RUNS) }, data.workflow)}`, answers.failures))),
    onDashboardMessage('dashboardInstances', () => attempt(() => withSession('instances', answers.instances))),
  ];
  return () => removers.forEach((remove) => remove());
}

const rangeOf = (range: ReadRange): ReadRange => {
  if (READ_RANGES.includes(range)) return range;
  throw new AppError('VALIDATION_FAILED', 'The range must be 24h, 7d or 30d.');
};
