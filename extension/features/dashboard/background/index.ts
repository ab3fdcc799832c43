// The dashboard's background half: it reads the server's read models (/stats, /workflows,
// /executions) with the account's session, refreshing an expired access token through the
// stream's single-flight refresh (two refreshes at once would end the session), and validates
// every answer with the server's own shapes from shared/.
import { executionSummaryView, pageSchema, READ_RANGES, statsView, workflowHealthList, type ReadRange } from '@ai-http/shared/api/resources';
import { AppError, errorEnvelopeSchema } from '@ai-http/shared/errors';
import { normalizeBaseUrl } from '@ai-http/shared/url';
import { CLIENT_HEADER, clientId } from '@ai-http/shared/version';
import ky, { HTTPError } from 'ky';
import { z } from 'zod';
import type { AiHttpDatabase } from '../../../background/db.ts';
import { attempt } from '../../../background/result.ts';
import type { ServerSession } from '../../../background/server/api.ts';
import type { ServerStream } from '../../../background/server/stream.ts';
import { NO_ACCOUNT, onDashboardMessage } from '../protocol.ts';

/** How many failures one page of the recent failures list holds. */
export const FAILURES_PAGE = 20;

const dataOf = <T extends z.ZodType>(data: T) => z.object({ success: z.literal(true), data });
const answers = {
  stats: dataOf(statsView.field),
  workflows: dataOf(workflowHealthList.field),
  failures: dataOf(pageSchema(executionSummaryView.field)),
};

/** GETs `path` under the server's /api/v1 with the token; the server's error envelope becomes an AppError. */
async function read<T>(session: ServerSession, token: string, path: string, answer: z.ZodType<{ success: true; data: T }>): Promise<T> {
  let body: unknown;
  try {
    body = await ky.get(`${normalizeBaseUrl(session.serverUrl)}/api/v1/${path}`, { timeout: 8_000, retry: 0, headers: { authorization: `Bearer ${token}`, [CLIENT_HEADER]: clientId('extension') } }).json();
  } catch (error) {
    if (error instanceof HTTPError) {
      const envelope = errorEnvelopeSchema.safeParse(error.data);
      if (envelope.success) throw new AppError(envelope.data.error.code, envelope.data.error.message);
      throw new AppError('SERVER_UNREACHABLE', `The AI-HTTP server answered ${error.response.status}.`);
    }
    throw new AppError('SERVER_UNREACHABLE', `The AI-HTTP server at ${session.serverUrl} does not answer.`);
  }
  const parsed = answer.safeParse(body);
  if (!parsed.success) throw new AppError('SERVER_UNREACHABLE', `The AI-HTTP server at ${session.serverUrl} answered in a shape this extension does not know (GET ${path.split('?')[0]}). Update the extension or the server.`);
  return parsed.data.data;
}

export function registerDashboardBackground(db: AiHttpDatabase, stream: ServerStream): () => void {
  async function withSession<T>(path: string, answer: z.ZodType<{ success: true; data: T }>): Promise<T> {
    const session = await db.session();
    if (!session) throw new AppError(NO_ACCOUNT, 'Sign in to your AI-HTTP server in the options page.');
    // The stream owns the single-flight refresh: every caller that meets an expired token shares it.
    return stream.withFreshToken(session, (token) => read(session, token, path, answer));
  }
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
