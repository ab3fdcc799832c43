// The dashboard's background half: it reads the server's read models (/stats, /workflows,
// /executions) with the account's session, refreshing an expired access token through the
// stream's single-flight refresh (two refreshes at once would end the session), and validates
// every answer with the server's own shapes from shared/. Without an account it answers the same
// shapes from a sample: the last SAMPLE_SIZE executions of each n8n the user added, read directly
// with the instance's key (kept here, in the background), computed by sample.ts; the stats answer
// says it is a sample.
import { executionSummaryView, instanceView, pageSchema, READ_RANGES, statsView, workflowHealthList, type InstanceView, type Page, type ReadRange } from '@ai-http/shared/api/resources';
import { AppError } from '@ai-http/shared/errors';
import { summarizeExecution } from '@ai-http/shared/n8n/digest';
import { executionDigest } from '@ai-http/shared/n8n/digest-schema';
import { browser } from 'wxt/browser';
import type { z } from 'zod';
import type { AiHttpDatabase } from '../../../background/db.ts';
import { n8nClientFor } from '../../../background/n8n.ts';
import { attempt } from '../../../background/result.ts';
import type { ServerStream } from '../../../background/server/stream.ts';
import { NO_ACCOUNT, onDashboardMessage, type WorkflowFilter } from '../protocol.ts';
import { sampleExecutionId, sampleExecutions, sampleStats, sampleWorkflows, type SampledRun, type SampleInfo } from '../sample.ts';

/** How many failures one page of the recent failures list holds. */
export const FAILURES_PAGE = 20;
/** How many of a workflow's latest runs its card draws. */
export const RECENT_RUNS = 20;
/** Without a server: how many of each n8n's latest executions the page's figures come from (n8n's page size caps it at 250). */
export const SAMPLE_SIZE = 100;
/** A sample is read again after this long (the page's several questions share one). */
const SAMPLE_TTL_MS = 30_000;

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

export function registerDashboardBackground(db: AiHttpDatabase, stream: ServerStream): () => void {
  // The stream owns the single-flight refresh: every caller that meets an expired token shares it.
  const withSession = <T extends z.ZodType>(path: string, answer: T): Promise<z.output<T>> => stream.withAccount((api, token) => api.read(token, path, answer), 'Sign in to your AI-HTTP server in the options page.');
  const sample = sampler(db);
  /** From the server with an account, else from a sample of n8n. */
  const read = async <T>(fromServer: () => Promise<T>, fromSample: (taken: Sample) => T): Promise<T> => ((await db.session()) ? fromServer() : fromSample(await sample()));
  const removers = [
    onDashboardMessage('dashboardStats', ({ data }) =>
      attempt(() =>
        read(
          () => withSession(`stats?${query({ range: rangeOf(data.range) }, data.workflow)}`, answers.stats),
          ({ runs, info }) => ({ ...sampleStats(runs.filter((run) => !data.workflow || (run.digest.workflowId === data.workflow.workflowId && (!data.workflow.instanceId || run.instanceId === data.workflow.instanceId))), rangeOf(data.range), Date.now()), sample: info }),
        ),
      ),
    ),
    onDashboardMessage('openDashboard', ({ data, sender }) =>
      attempt(async () => {
        const filter = data.workflowId ? `?${new URLSearchParams({ workflow: data.workflowId })}` : '';
        const url = `${browser.runtime.getURL('/dashboard.html')}${filter}`;
        const beside = sender.tab?.id === undefined ? {} : { openerTabId: sender.tab.id, index: sender.tab.index + 1 };
        await browser.tabs.create({ url, ...beside });
        return { url };
      }),
    ),
    onDashboardMessage('dashboardWorkflows', ({ data }) =>
      attempt(() => read(() => withSession(`workflows?range=${rangeOf(data.range)}`, answers.workflows), ({ runs }) => sampleWorkflows(runs, rangeOf(data.range), Date.now()))),
    ),
    onDashboardMessage('dashboardFailures', ({ data }) =>
      attempt(() =>
        read(
          () => withSession(`executions?${query({ status: 'error', limit: String(FAILURES_PAGE), cursor: data.cursor }, data.workflow)}`, answers.failures),
          ({ runs }) => sampleExecutions(runs, { failedOnly: true, ...data.workflow, limit: SAMPLE_SIZE }),
        ),
      ),
    ),
    onDashboardMessage('dashboardRecentRuns', ({ data }) =>
      attempt(() => read(() => withSession(`executions?${query({ limit: String(RECENT_RUNS) }, data.workflow)}`, answers.failures), ({ runs }) => sampleExecutions(runs, { ...data.workflow, limit: RECENT_RUNS }))),
    ),
    onDashboardMessage('dashboardExecution', ({ data }) =>
      attempt(() =>
        read(
          () => withSession(`executions/${encodeURIComponent(data.id)}`, executionDigest.field),
          ({ runs }) => {
            const run = runs.find((one) => sampleExecutionId(one) === data.id);
            if (!run) throw new AppError('NOT_FOUND', 'This execution is no longer in the sample read from n8n.');
            return run.digest;
          },
        ),
      ),
    ),
    onDashboardMessage('dashboardInstances', () => attempt(() => read<Page<Pick<InstanceView, 'id' | 'url'>>>(() => withSession('instances', answers.instances), ({ instances }) => ({ items: instances, nextCursor: null })))),
  ];
  return () => removers.forEach((remove) => remove());
}

interface Sample {
  runs: SampledRun[];
  info: SampleInfo;
  /** The n8n instances sampled; each one's address is its id. */
  instances: { id: string; url: string }[];
}

/**
 * Reads a sample of every n8n the user added (one read at a time, kept SAMPLE_TTL_MS): its latest
 * executions with their data (for the error categories) and its workflows' names. An n8n that
 * does not answer is left out; none answering is an error, and none added means no account.
 */
function sampler(db: AiHttpDatabase): () => Promise<Sample> {
  let taken: { at: number; sample: Promise<Sample> } | null = null;
  const take = async (): Promise<Sample> => {
    const instances = await db.instances.toArray();
    if (!instances.length) throw new AppError(NO_ACCOUNT, 'The dashboard needs an AI-HTTP server, or an n8n instance added in the options page.');
    const reads = await Promise.allSettled(
      instances.map(async ({ origin }) => {
        const client = await n8nClientFor(db, origin);
        const [executions, workflows] = await Promise.all([client.listExecutions({ includeData: true, limit: SAMPLE_SIZE }), client.listWorkflows({ limit: 250 })]);
        const names = new Map(workflows.data.map((workflow) => [workflow.id, workflow.name]));
        return executions.data.map((execution): SampledRun => ({ instanceId: origin, workflowName: names.get(execution.workflowId) ?? null, digest: summarizeExecution(execution) }));
      }),
    );
    const read = reads.flatMap((outcome, i) => (outcome.status === 'fulfilled' ? [{ origin: instances[i]!.origin, runs: outcome.value }] : []));
    if (!read.length) throw (reads[0] as PromiseRejectedResult).reason;
    const runs = read.flatMap((one) => one.runs);
    return { runs, info: { executions: runs.length, perInstance: SAMPLE_SIZE, instances: read.length }, instances: read.map(({ origin }) => ({ id: origin, url: origin })) };
  };
  return () => {
    if (!taken || Date.now() - taken.at > SAMPLE_TTL_MS) {
      const sample = take();
      taken = { at: Date.now(), sample };
      // A failed read is not kept: the next question tries again.
      sample.catch(() => void (taken?.sample === sample && (taken = null)));
    }
    return taken.sample;
  };
}

const rangeOf = (range: ReadRange): ReadRange => {
  if (READ_RANGES.includes(range)) return range;
  throw new AppError('VALIDATION_FAILED', 'The range must be 24h, 7d or 30d.');
};
