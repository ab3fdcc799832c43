// What the builder's UI (popup, tab page, overlay frame: all extension pages, never n8n's page)
// asks the background: recording sends, saved requests, AI settings, and putting nodes on n8n's canvas.
import type { AiCandidate } from '@ai-http/shared/ai/candidates';
import type { AiSettings } from '@ai-http/shared/ai/providers';
import type { HistoryEntry, LocalSavedRequest } from '@ai-http/shared/builder/stored';
import type { ResearchView } from '@ai-http/shared/api/ai';
import type { ExecutionDigest } from '@ai-http/shared/n8n/digest-schema';
import type { Pair, RequestSpec } from '@ai-http/shared/request/spec';
import { defineExtensionMessaging } from '@webext-core/messaging';
import type { Result } from '../../common/messages.ts';

/** Why a request got no HTTP answer, in the digest's words (shared/src/n8n/error-knowledge.ts). */
export type SendFailure = 'connection' | 'dns' | 'tls' | 'timeout' | 'canceled' | 'permission' | 'unknown';

export interface SentResponse {
  status: number;
  statusText: string;
  /** The final URL, after redirects. */
  url: string;
  timeMs: number;
  /** Bytes of the body as received (after decompression). */
  sizeBytes: number;
  headers: Pair[];
  contentType: string;
  /** Text bodies as text; anything else base64, for an image preview or a download. */
  body: { kind: 'text'; text: string } | { kind: 'binary'; base64: string };
  /** The body was longer than the viewer keeps (MAX_BODY_BYTES); what is here is its start. */
  truncated: boolean;
}

export const MAX_BODY_BYTES = 20 * 1024 * 1024;

/**
 * Files chosen for a test send (n8n takes them from the incoming item's binary data instead): by
 * `part-<index>` for a multipart file part, `body` for a binary body.
 */
export type AttachedFiles = Record<string, File>;
/** What a test send may attach in all. */
export const MAX_ATTACHED_BYTES = 20 * 1024 * 1024;

/** The AI settings as a page sees them: never the key, only whether one is kept. */
export interface AiSettingsView {
  provider: AiSettings['provider'];
  model: string;
  baseUrl: string | null;
  hasKey: boolean;
}

/** Which AI "Ask AI" uses: the server's when signed in and it has one, the user's own, or none (offline). */
export type AiRoute = { kind: 'server'; model: string | null } | { kind: 'own'; model: string } | { kind: 'none' };

/** The port "Ask AI" streams on: the page posts one AskInput, the background posts AskEvents, then disconnects. */
export const ASK_PORT = 'ai-http:ask';
export interface AskInput {
  query: string;
  candidates: AiCandidate[];
}

/**
 * The port "Explain with AI" (the debugger panel) streams on, routed like Ask AI: the page posts
 * one ExplainInput, the background posts ExplainEvents (`sent` first: exactly what left for the
 * model), then disconnects.
 */
export const EXPLAIN_PORT = 'ai-http:explain';
export interface ExplainInput {
  digest: ExecutionDigest;
  language: 'en' | 'ar';
}

interface BuilderProtocol {
  /** Records a page's test send in the history (a body over the history's limit arrives empty). */
  recordSend(input: { request: RequestSpec; response: SentResponse } | { request: RequestSpec; failure: { code: string; message: string }; timeMs: number }): Result<{ recorded: true }>;
  /** Whether the extension may call the site (for pages without the permissions API: Firefox's framed builder). */
  siteAllowed(input: { pattern: string }): Result<{ allowed: boolean }>;
  /** What the browser's network layer said about the last failed request to `url` (refused, DNS, TLS), if anything. */
  networkError(input: { url: string }): Result<{ error?: string }>;
  /** The user's own AI settings (options page); the key stays in the background. */
  aiSettings(): Result<AiSettingsView | null>;
  /** Saves (a null `apiKey` keeps the one kept) or, with null, forgets the settings. */
  saveAiSettings(input: (Omit<AiSettings, 'apiKey'> & { apiKey: string | null }) | null): Result<AiSettingsView | null>;
  /** One small call to the saved settings' model (the options page's Test button). */
  testAiSettings(): Result<{ ok: boolean; message: string }>;
  aiRoute(): Result<AiRoute>;
  /** "Research this API" with Manus, on the signed-in server (its Manus key stays there): start, read, cancel a task. */
  researchStart(input: { api: string; hint?: string }): Result<ResearchView>;
  researchRead(input: { taskId: string }): Result<ResearchView>;
  researchCancel(input: { taskId: string }): Result<ResearchView>;
  /** The last sent requests, newest first (the background records each send). */
  listHistory(): Result<HistoryEntry[]>;
  clearHistory(): Result<{ cleared: number }>;
  listSaved(): Result<LocalSavedRequest[]>;
  /** Creates (no id) or updates a saved request. */
  saveRequest(input: { id?: string; name: string; tags: string[]; request: RequestSpec; values: Record<string, string>; kind?: LocalSavedRequest['kind'] }): Result<LocalSavedRequest>;
  /** Leaves a tombstone, so the deletion can be synced. */
  deleteSaved(input: { id: string }): Result<{ deleted: boolean }>;
  /**
   * Puts the request on the canvas of the n8n tab that asked (the overlay's builder frame): with
   * the instance's API key, the n8n credential for its auth is created first and referenced from
   * the node, so the secret never enters the node or the page.
   */
  insertNode(input: { request: RequestSpec; n8nBase: string }): Result<InsertedNode>;
  /** The HTTP Request node selected on the tab's canvas, as cURL (expressions left as {{ … }}). */
  selectedNodeCurl(): Result<{ name: string; curl: string }>;
}

export interface InsertedNode {
  /** The node was pasted onto the canvas; false when the page refused the paste. */
  inserted: boolean;
  /** The node's clipboard JSON (for the clipboard fallback). */
  clipboard: string;
  nodeName: string;
  /** The credential created in n8n for the request's auth, if any. */
  credential: { id: string; name: string; type: string } | null;
  /** What the user still has to do in n8n (a credential to create by hand). */
  instructions: string[];
}

export const { sendMessage: sendBuilderMessage, onMessage: onBuilderMessage } = defineExtensionMessaging<BuilderProtocol>();
