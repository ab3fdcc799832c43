// The dashboard's background half: it reads the server's read models (/stats, /workflows,
// /executions) with the account's session, refreshing an expired access token through the
// stream's single-flight refresh (two refreshes at once would end the session), and validates
// every answer with the server's own shapes from shared/.
import { executionSummaryView, pageSchema, READ_RANGES, statsView, workflowHealthList, type ReadRange } from '@ai-http/shared/api/resources';
import { AppError } from '@ai-http/shared/errors';
import type { z } from 'zod';
import { attempt } from '../../../background/result.ts';
import type { ServerStream } from '../../../background/server/stream.ts';
import { onDashboardMessage } from '../protocol.ts';

/** How many failures one page of the recent failures list holds. */
export const FAILURES_PAGE = 20;

const answers = {
  stats: statsView.field,
  workflows: workflowHealthList.field,
  failures: pageSchema(executionSummaryView.field),
};

export function registerDashboardBackground(stream: ServerStream): () => void {
  // The stream owns the single-flight refresh: every caller that meets an expired token shares it.
  const withSession = <T extends z.ZodType>(path: string, answer: T): Promise<z.output<T>> => stream.withAccount((api, token) => api.read(token, path, answer), 'Sign in to your AI-HTTP server in the options page.');
  const removers = [
    onDashboardMessage('dashboardStats', ({ data }) => attempt(() => withSession(`stats?range=${rangeOf(data.range)}`, answers.stats))),
    onDashboardMessage('dashboardWorkflows', ({ data }) => attempt(() => withSession(`workflows?range=${rangeOf(data.range)}`, answers.workflows))),
    onDashboardMessage('dashboardFailures', ({ data }) =>
      attempt(() => {
        const query = new URLSearchParams({ status: 'error', limit: String(FAILURES_PAGE) });
        if (data.cursor) query.set('cursor', data.cursor);
        return withSession(`executions?${query}`, answers.failures);
      }),
    ),
  ];
  return () => removers.forEach((remove) => remove());
}

const rangeOf = (range: ReadRange): ReadRange => {
  if (READ_RANGES.includes(range)) return range;
  throw new AppError('VALIDATION_FAILED', 'The range must be 24h, 7d or 30d.');
};
