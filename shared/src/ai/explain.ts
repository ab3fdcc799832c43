import { z } from 'zod';
import type { ExecutionDigest } from '../n8n/digest-schema.ts';
import { REDACTED, redactSecretParameters, redactUrl } from '../request/secrets.ts';

/**
 * What "Explain with AI" sends: the offline digest's node, error, parameters and a few input
 * items, with every secret removed first. The digest already redacts the node's parameters;
 * the items and the error text can still hold a token (an echoed header, a URL with `?api_key=`,
 * a `Bearer …` in an error message), so every string is scrubbed again here. The user is shown
 * exactly this before it is sent.
 */
const TOKEN_PATTERNS: RegExp[] = [
  /\b(bearer|basic|token)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
  /\b(sk|pk|rk)_(live|test)_[A-Za-z0-9]{8,}/g,
  /\bsk-[A-Za-z0-9_-]{16,}/g,
  /\b(gh[pousr]|github_pat)_[A-Za-z0-9_]{16,}/g,
  /\bxox[abprs]-[A-Za-z0-9-]{10,}/g,
  /\baih_[A-Za-z0-9_-]{10,}/g,
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
];

export function scrubText(text: string): string {
  let out = redactUrl(text);
  for (const pattern of TOKEN_PATTERNS) out = out.replace(pattern, (match, word: string) => (/^(bearer|basic|token)$/i.test(word ?? '') ? `${word} ${REDACTED}` : REDACTED));
  // URLs inside a longer text (an error message quoting the request).
  return out.replace(/https?:\/\/[^\s"'<>]+/g, (url) => redactUrl(url));
}

/** Secret-looking keys redacted, then every remaining string scrubbed. */
export function removeSecrets(value: unknown): unknown {
  const redacted = redactSecretParameters(value);
  const scrub = (v: unknown): unknown => {
    if (typeof v === 'string') return scrubText(v);
    if (Array.isArray(v)) return v.map(scrub);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, scrub(item)]));
    return v;
  };
  return scrub(redacted);
}

const MAX_ITEMS = 3;
const MAX_ITEM_CHARS = 2000;

export interface ExplainPayload {
  node: { name: string; type: string; parameters: unknown } | null;
  error: { name: string; message: string; httpCode: string | null; description: string | null } | null;
  offlineExplanation: string | null;
  sampleInput: unknown[];
}

export function explainPayload(digest: ExecutionDigest): ExplainPayload {
  const sampleInput = digest.inputItems.items.slice(0, MAX_ITEMS).map((item) => {
    const text = JSON.stringify(item);
    return text.length > MAX_ITEM_CHARS ? `${text.slice(0, MAX_ITEM_CHARS)}…` : item;
  });
  return removeSecrets({
    node: digest.failingNode ? { name: digest.failingNode.name, type: digest.failingNode.type, parameters: digest.failingNode.parameters } : null,
    error: digest.error ? { name: digest.error.name, message: digest.error.message, httpCode: digest.error.httpCode, description: digest.error.description } : null,
    offlineExplanation: digest.explanation,
    sampleInput,
  }) as ExplainPayload;
}

export const explanationSchema = z.object({
  explanation: z.string().min(1).max(4000),
  fixes: z
    .array(
      z.object({
        text: z.string().min(1).max(1000),
        /** A change of one node parameter the user can apply: its path (`url`, `options.timeout`) and new value. */
        edit: z.object({ parameter: z.string().min(1).max(200), value: z.unknown() }).nullable(),
      }),
    )
    .max(10),
});
export type AiExplanation = z.infer<typeof explanationSchema>;
