import { contentTypeOf, isJsonContentType, parseFormBody } from './content-type.ts';
import type { Pair, RequestBody } from './spec.ts';

/**
 * A text body as the builder keeps it, from its text and the request's headers: JSON (kept as
 * the exact text), form rows, or raw text with its content type. A JSON content type with
 * parameters (`; charset=UTF-8`) is still JSON (n8n #22699). Used by every importer.
 */
export function textBody(text: string, headers: readonly Pair[], warnings: string[]): RequestBody {
  const contentType = contentTypeOf(headers);
  if (isJsonContentType(contentType) || (!contentType && looksLikeJson(text))) {
    if (looksLikeJson(text)) return { mode: 'json', text };
    warnings.push('The body is declared as JSON but is not valid JSON (a placeholder outside quotes?); it is sent as raw text. Fix it in the node and switch the body to JSON.');
    return { mode: 'raw', contentType: contentType ?? 'application/json', text };
  }
  if (contentType === 'application/x-www-form-urlencoded' || contentType === undefined) {
    const fields = parseFormBody(text);
    if (fields) return { mode: 'form', fields };
    if (contentType === undefined) return { mode: 'raw', contentType: 'application/x-www-form-urlencoded', text };
  }
  return { mode: 'raw', contentType: headers.find((h) => h.name.toLowerCase() === 'content-type')?.value ?? 'text/plain', text };
}

export function looksLikeJson(text: string): boolean {
  const start = text.trimStart()[0];
  if (start !== '{' && start !== '[') return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
