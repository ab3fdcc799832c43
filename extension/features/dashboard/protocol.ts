// What the dashboard page asks the background: the server's read models (stats, workflow health,
// recent failures), read with the account's session, which never leaves the background.
import type { ExecutionSummaryView, Page, ReadRange, StatsView, WorkflowHealthList } from '@ai-http/shared/api/resources';
import { defineExtensionMessaging } from '@webext-core/messaging';
import type { Result } from '../../common/messages.ts';

/** The error code a handler answers with when no AI-HTTP server account is connected. */
export const NO_ACCOUNT = 'UNAUTHENTICATED';

interface DashboardProtocol {
  /** Runs, failures by category and durations per bucket, with totals against the previous period. */
  dashboardStats(input: { range: ReadRange }): Result<StatsView>;
  /** Every workflow that ran in the window, most failures first. */
  dashboardWorkflows(input: { range: ReadRange }): Result<WorkflowHealthList>;
  /** The latest failed executions (status error), newest first; `cursor` pages on. */
  dashboardFailures(input: { cursor?: string }): Result<Page<ExecutionSummaryView>>;
}

export const { sendMessage: sendDashboardMessage, onMessage: onDashboardMessage } = defineExtensionMessaging<DashboardProtocol>();
