// The typed messages every world sends to the background (content script, extension pages).
// A feature with messages of its own declares them in its folder (features/<id>/protocol.ts),
// with its own defineExtensionMessaging: each instance answers only its own message types.
import type { ApiKeyView, InstanceHookView } from '@ai-http/shared/api/resources';
import { defineExtensionMessaging } from '@webext-core/messaging';

/** Where the overlay's content script stands on one tab. */
export type OverlayStatus = 'mounted' | 'not-n8n' | 'idle';

export interface TabOverlayState {
  status: OverlayStatus;
  url: string;
  at: number;
}

/** Failures cross the message boundary as data: code and message from shared/errors. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string; details?: unknown } };

export interface AccountView {
  serverUrl: string;
  email: string;
}

export type { InstanceHookView };

export interface InstanceSummary {
  origin: string;
  name: string;
  hasApiKey: boolean;
}

export interface SyncStatusView {
  enabled: boolean;
  syncing: boolean;
  lastSyncAt: number | null;
  pending: number;
  error: string | null;
  progress: { pulled: number } | null;
}

/** What this device sends to the account's server, item by item (the options page's "On this device only"). */
export interface SyncScopeView {
  /** The user opted in to syncing the request history (without response bodies). */
  historySync: boolean;
  savedRequests: { id: string; name: string; kind: 'request' | 'template'; localOnly: boolean }[];
  instances: { origin: string; name: string; localOnly: boolean }[];
}

interface ProtocolMap {
  reportOverlayStatus(state: { status: OverlayStatus; url: string }): void;
  /** A page enabled an n8n site (granted now or before): register the overlay and start it in the site's open tabs. */
  enableSite(site: { pattern: string }): { injected: number[] };
  /** n8n instances added in the options page (API keys never leave the background). */
  saveInstance(instance: { url: string; name: string; apiKey: string | null }): Result<{ origin: string; syncedToServer: boolean; serverProblem?: string; keyKeptLocal?: boolean }>;
  listInstances(): Result<InstanceSummary[]>;
  removeInstance(query: { origin: string }): Result<{ removed: boolean }>;
  /** How to install the n8n hook file for this instance, from the signed-in server (null: the server does not know it). */
  instanceHook(query: { origin: string }): Result<InstanceHookView | null>;
  /** Signs in to an AI-HTTP server; its tokens stay in the background. */
  connectAccount(account: { serverUrl: string; email: string; password: string }): Result<AccountView>;
  /** Creates an account on an AI-HTTP server and signs in with it. */
  registerAccount(account: { serverUrl: string; name: string; email: string; password: string }): Result<AccountView>;
  account(): Result<AccountView | null>;
  /** The signed-in account's API keys (for scripts and curl); a new key is shown once, at creation. */
  listApiKeys(): Result<ApiKeyView[]>;
  createApiKey(input: { name: string; scopes: ('read' | 'write')[] }): Result<{ key: string; apiKey: ApiKeyView }>;
  revokeApiKey(input: { id: string }): Result<{ revoked: boolean }>;
  /** Signs out; `wipe`: the synced saved requests and history leave this device too (else they stay, local). */
  disconnectAccount(options?: { wipe: boolean }): Result<{ disconnected: boolean }>;
  /** How sync with the account's server stands (issue 17). */
  syncStatus(): Result<SyncStatusView>;
  /** Pushes and pulls now; answers the status after. */
  syncNow(): Result<SyncStatusView>;
  /** The saved requests, templates and instances, each with whether it stays on this device only. */
  syncScope(): Result<SyncScopeView>;
  /** Keeps one on this device only (its server copy is removed) or lets it sync again; answers the scope after. */
  setLocalOnly(input: { entity: 'savedRequest' | 'instance'; id: string; localOnly: boolean }): Result<SyncScopeView>;
  /** Opts in to (or out of) syncing the request history; answers the scope after. */
  setHistorySync(input: { on: boolean }): Result<SyncScopeView>;
}

export const { sendMessage, onMessage } = defineExtensionMessaging<ProtocolMap>();

/** The value of a Result, or the error it carries (with its code) thrown. */
/** An error's message with the fields it names ("password: must be at least 10 characters"), for showing in place. */
export function errorText(error: { message: string; details?: unknown }): string {
  const issues = (error.details as { issues?: { path?: unknown; message?: unknown }[] } | null | undefined)?.issues;
  if (!Array.isArray(issues) || !issues.length) return error.message;
  const named = issues.map((issue) => `${Array.isArray(issue.path) ? issue.path.join('.') : String(issue.path ?? '')}: ${String(issue.message ?? '')}`.replace(/^: /, ''));
  return `${error.message} ${named.join('; ')}`;
}

export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw Object.assign(new Error(result.error.message), { code: result.error.code, details: result.error.details });
}
