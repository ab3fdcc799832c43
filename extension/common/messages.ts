// The typed messages every world sends to the background (content script, extension pages).
// A feature with messages of its own declares them in its folder (features/<id>/protocol.ts),
// with its own defineExtensionMessaging: each instance answers only its own message types.
import { defineExtensionMessaging } from '@webext-core/messaging';

/** Where the overlay's content script stands on one tab. */
export type OverlayStatus = 'mounted' | 'not-n8n' | 'idle';

export interface TabOverlayState {
  status: OverlayStatus;
  url: string;
  at: number;
}

/** Failures cross the message boundary as data: code and message from shared/errors. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

export interface AccountView {
  serverUrl: string;
  email: string;
}

export interface InstanceSummary {
  origin: string;
  name: string;
  hasApiKey: boolean;
}

interface ProtocolMap {
  reportOverlayStatus(state: { status: OverlayStatus; url: string }): void;
  /** n8n instances added in the options page (API keys never leave the background). */
  saveInstance(instance: { url: string; name: string; apiKey: string | null }): Result<{ origin: string; syncedToServer: boolean; serverProblem?: string }>;
  listInstances(): Result<InstanceSummary[]>;
  removeInstance(query: { origin: string }): Result<{ removed: boolean }>;
  /** Signs in to an AI-HTTP server; its tokens stay in the background. */
  connectAccount(account: { serverUrl: string; email: string; password: string }): Result<AccountView>;
  account(): Result<AccountView | null>;
  disconnectAccount(): Result<{ disconnected: boolean }>;
}

export const { sendMessage, onMessage } = defineExtensionMessaging<ProtocolMap>();

/** The value of a Result, or the error it carries (with its code) thrown. */
export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw Object.assign(new Error(result.error.message), { code: result.error.code });
}
