// What the builder's UI (popup, tab page, overlay) asks the background: sending a request is done
// there, with the host permission the user granted, so no page ever sees the secret it carries.
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

interface BuilderProtocol {
  /** Sends the request (placeholders already filled); `id` lets the UI cancel it. */
  sendRequest(input: { id: string; request: RequestSpec; timeoutMs: number }): Result<SentResponse>;
  cancelRequest(input: { id: string }): Result<{ canceled: boolean }>;
}

export const { sendMessage: sendBuilderMessage, onMessage: onBuilderMessage } = defineExtensionMessaging<BuilderProtocol>();
