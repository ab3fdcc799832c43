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
  listExecutions(query: { n8nBase: string; workflowId: string }): Result<ExecutionRow[]>;
  /** One execution's digest. */
  executionDigest(query: { n8nBase: string; executionId: string }): Result<ExecutionDigest>;
  retryExecution(query: { n8nBase: string; executionId: string }): Result<{ executionId: string }>;
  /** The failing HTTP Request node of an execution as cURL (secrets stay redacted). */
  executionCurl(query: { n8nBase: string; executionId: string }): Result<string>;
  /** n8n instances added in the options page (API keys never leave the background). */
  saveInstance(instance: { url: string; name: string; apiKey: string | null }): Result<{ origin: string }>;
  listInstances(): Result<{ origin: string; name: string; hasApiKey: boolean }[]>;
  removeInstance(query: { origin: string }): Result<{ removed: boolean }>;
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
