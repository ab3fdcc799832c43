// What the debugger's two halves say to each other. The background pushes a workflow's
// executions over a long-lived port (one way: the panel renders what it is given); one-off
// actions are typed messages of this feature's own.
import type { ExecutionDigest } from '@ai-http/shared/n8n/digest-schema';
import { defineExtensionMessaging } from '@webext-core/messaging';
import type { Result } from '../../common/messages.ts';

/** One execution in the panel's list, with its digest once it is known. */
export interface ExecutionRow {
  id: string;
  status: string;
  mode: string;
  startedAt: string | null;
  stoppedAt: string | null;
  digest: ExecutionDigest | null;
}

/** Why the panel reads n8n itself although an account is connected. */
export type SourceNotice = 'serverOffline' | 'notOnServer' | 'serverVersion' | null;

export interface Problem {
  code: string;
  message: string;
}

export interface WorkflowRef {
  n8nBase: string;
  workflowId: string;
}

/** The panel's UI script (entrypoints/debugger-ui.ts), injected by the background into the overlay's world. */
export const DEBUGGER_UI_FILE = '/debugger-ui.js';

/** The port the panel opens to the background, one per open workflow panel. */
export const EXECUTIONS_PORT = 'ai-http:executions';
/** The panel pings this often so Chrome keeps the service worker (and the port) alive. */
export const PORT_KEEPALIVE_MS = 20_000;

export type PanelMessage =
  /** The first message: which workflow this panel shows. */
  | ({ type: 'watch' } & WorkflowRef)
  /** The user opened a row the background sent without its digest (a success read from n8n). */
  | { type: 'digest'; executionId: string }
  | { type: 'ping' };

export type BackgroundMessage =
  /**
   * Where the rows come from and whether they can be read: `ready` once a first read answered,
   * `problem` while neither the server nor n8n can be read.
   */
  | { type: 'state'; ready: boolean; source: 'server' | 'direct'; notice: SourceNotice; problem: Problem | null }
  /** New or changed rows (never a removal): merged into the list by id. */
  | { type: 'rows'; rows: ExecutionRow[] }
  | { type: 'digestFailed'; executionId: string; message: string };

interface DebuggerProtocol {
  retryExecution(query: { n8nBase: string; executionId: string }): Result<{ executionId: string }>;
  /** Every input item of an execution's failing node (not only the digest's first ones). */
  executionItems(query: { n8nBase: string; executionId: string }): Result<{ items: unknown[]; total: number }>;
  /** Injects the debugger panel's UI script into the sender's tab (the overlay's world). */
  injectDebuggerUi(): Result<{ injected: boolean }>;
  /** The failing HTTP Request node of an execution as cURL (secrets stay redacted). */
  executionCurl(query: { n8nBase: string; executionId: string }): Result<string>;
  /**
   * Applies one parameter change (a fix from "Explain with AI") to a node of the workflow open in
   * the sender's tab, as an edit in n8n's editor (the user saves the workflow to keep it).
   */
  applyNodeEdit(edit: { nodeName: string; parameter: string; value: unknown }): Result<{ applied: true }>;
}

export const { sendMessage: sendDebuggerMessage, onMessage: onDebuggerMessage } = defineExtensionMessaging<DebuggerProtocol>();

/** A row's fields from its digest (what the server streams and what Dexie keeps). */
export function rowFromDigest(digest: ExecutionDigest): ExecutionRow {
  return { id: digest.executionId, status: digest.status, mode: digest.mode, startedAt: digest.startedAt, stoppedAt: digest.stoppedAt, digest };
}

/** Newest first: by start time, then by id (n8n's ids are increasing integers). */
export function newestFirst(a: Pick<ExecutionRow, 'id' | 'startedAt'>, b: Pick<ExecutionRow, 'id' | 'startedAt'>): number {
  const byStart = Date.parse(b.startedAt ?? '') - Date.parse(a.startedAt ?? '');
  if (byStart) return byStart;
  return Number(b.id) - Number(a.id) || (b.id > a.id ? 1 : -1);
}
