// What the dashboard page asks the background: the server's read models (stats, workflow health,
// recent failures), read with the account's session, which never leaves the background; without
// an account, the same shapes from a sample of n8n's latest executions (the stats say so).
import type { ExecutionSummaryView, InstanceView, Page, ReadRange, StatsView, WorkflowHealthList } from '@ai-http/shared/api/resources';
import type { ExecutionDigest } from '@ai-http/shared/n8n/digest-schema';
import { defineExtensionMessaging } from '@webext-core/messaging';
import type { Result } from '../../common/messages.ts';
import type { SampleInfo } from './sample.ts';

/** The error code a handler answers with when no AI-HTTP server account is connected. */
export const NO_ACCOUNT = 'UNAUTHENTICATED';

/** One workflow of one instance: what `dashboard.html?workflow=<id>&instance=<id>` narrows the page to. */
export interface WorkflowFilter {
  workflowId: string;
  instanceId?: string | undefined;
}

interface DashboardProtocol {
  /** Runs, failures by category and durations per bucket, with totals against the previous period; of one workflow when filtered. */
  dashboardStats(input: { range: ReadRange; workflow?: WorkflowFilter | undefined }): Result<StatsView & { sample?: SampleInfo }>;
  /** Every workflow that ran in the window, most failures first. */
  dashboardWorkflows(input: { range: ReadRange }): Result<WorkflowHealthList>;
  /** The latest failed executions (status error), newest first; `cursor` pages on. */
  dashboardFailures(input: { cursor?: string; workflow?: WorkflowFilter | undefined }): Result<Page<ExecutionSummaryView>>;
  /** A workflow's latest runs (any status), newest first: its card's sparkline and last error. */
  dashboardRecentRuns(input: { workflow: WorkflowFilter }): Result<Page<ExecutionSummaryView>>;
  /** One listed execution's whole digest (by its `id` in the lists), for the debugger's failure view. */
  dashboardExecution(input: { id: string }): Result<ExecutionDigest>;
  /** The n8n instances (their addresses, for links that open a workflow in n8n): the account's, or those sampled. */
  dashboardInstances(): Result<Page<Pick<InstanceView, 'id' | 'url'>>>;
  /** Opens the dashboard in a tab beside the sender's (the overlay on n8n), narrowed to a workflow when one is given. */
  openDashboard(input: { workflowId?: string | undefined }): Result<{ url: string }>;
}

export const { sendMessage: sendDashboardMessage, onMessage: onDashboardMessage } = defineExtensionMessaging<DashboardProtocol>();
