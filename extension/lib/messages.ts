import { defineExtensionMessaging } from '@webext-core/messaging';
import type { ExecutionDigest } from '@ai-http/shared/n8n/digest-schema';

/** Where the overlay's content script stands on one tab. */
export type OverlayStatus = 'mounted' | 'not-n8n' | 'idle';

export interface TabOverlayState {
  status: OverlayStatus;
  url: string;
  at: number;
}

/** Typed messages between the content script, extension pages and the background. */
interface ProtocolMap {
  reportOverlayStatus(state: { status: OverlayStatus; url: string }): void;
  /** The newest executions of a workflow, read from n8n by the background. */
  listExecutions(query: { n8nBase: string; workflowId: string }): Result<ExecutionList>;
  /** One execution's digest. */
  executionDigest(query: { n8nBase: string; executionId: string }): Result<ExecutionDigest>;
  retryExecution(query: { n8nBase: string; executionId: string }): Result<{ executionId: string }>;
  /** Every input item of an execution's failing node (not only the digest's first ones). */
  executionItems(query: { n8nBase: string; executionId: string }): Result<{ items: unknown[]; total: number }>;
  /** Injects the debugger panel's UI script into the sender's tab (the overlay's world). */
  injectDebuggerUi(): Result<{ injected: boolean }>;
  /** The failing HTTP Request node of an execution as cURL (secrets stay redacted). */
  executionCurl(query: { n8nBase: string; executionId: string }): Result<string>;
  /** n8n instances added in the options page (API keys never leave the background). */
  saveInstance(instance: { url: string; name: string; apiKey: string | null }): Result<{ origin: string; syncedToServer: boolean; serverProblem?: string }>;
  listInstances(): Result<{ origin: string; name: string; hasApiKey: boolean }[]>;
  removeInstance(query: { origin: string }): Result<{ removed: boolean }>;
  /** Signs in to an AI-HTTP server; its tokens stay in the background. */
  connectAccount(account: { serverUrl: string; email: string; password: string }): Result<AccountView>;
  account(): Result<AccountView | null>;
  disconnectAccount(): Result<{ disconnected: boolean }>;
}

export interface AccountView {
  serverUrl: string;
  email: string;
}

/**
 * A workflow's executions and where they came from: the server's stream (an account is
 * connected and the server knows this n8n) or n8n itself, polled by the background.
 */
export interface ExecutionList {
  source: 'server' | 'direct';
  /** Why the panel polls n8n although an account is connected. */
  notice: 'serverOffline' | 'notOnServer' | null;
  rows: ExecutionRow[];
}

/** Failures cross the message boundary as data: code and message from shared/errors. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

export interface ExecutionRow {
  id: string;
  status: string;
  mode: string;
  startedAt: string | null;
  stoppedAt: string | null;
}

export const { sendMessage, onMessage } = defineExtensionMessaging<ProtocolMap>();
