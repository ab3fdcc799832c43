// The request being edited, apart from how it is drawn: the RequestSpec the node is built from
// (placeholders and n8n expressions kept as they are), the values the user typed for its fields,
// and what sending it needs (placeholders filled, expressions given their sample values).
import { PLACEHOLDER, placeholderFields, type RequestField } from '@ai-http/shared/request/fields';
import { blankRequest } from '@ai-http/shared/request/blank';
import type { RequestSpec } from '@ai-http/shared/request/spec';
import { t } from '../../common/i18n.ts';

export interface Draft {
  request: RequestSpec;
  /** Values typed for the request's fields, by field name (an expression's sample by its text). */
  values: Record<string, string>;
  /** What an OpenAPI operation or a template says about each placeholder. */
  fieldInfo: Record<string, Partial<RequestField>>;
  /** Browser-only headers the import dropped, listed so the user knows. */
  dropped: string[];
  warnings: string[];
}

export const emptyDraft = (): Draft => ({ request: blankRequest('GET', 'https://'), values: {}, fieldInfo: {}, dropped: [], warnings: [] });

export const draftOf = (request: RequestSpec, extra: Partial<Omit<Draft, 'request'>> = {}): Draft => ({ ...emptyDraft(), ...extra, request });

/** `{{ $json.id }}` inside an n8n expression (a parameter starting with `=`). */
const EXPRESSION = /\{\{\s*([\s\S]+?)\s*\}\}/g;

/** A field for each n8n expression: the node keeps it, a test send uses the sample typed here. */
export function expressionFields(request: RequestSpec): RequestField[] {
  const found = new Map<string, RequestField>();
  visitStrings(request, (text) => {
    if (!text.startsWith('=')) return;
    for (const [, expression] of text.matchAll(EXPRESSION)) {
      const name = `={{ ${expression!} }}`;
      if (!found.has(name)) found.set(name, { name, where: 'body', required: true, secret: false, description: t('builderExpressionSample') });
    }
  });
  return [...found.values()];
}

/** Every field the draft asks for: placeholders first, then expression samples. */
export function draftFields(draft: Draft): RequestField[] {
  const placeholders = placeholderFields(draft.request, draft.fieldInfo).filter((f) => !f.name.startsWith('$'));
  return [...placeholders, ...expressionFields(draft.request)];
}

export type SendPlan = { ok: true; request: RequestSpec } | { ok: false; problems: string[] };

/**
 * The request as it goes out for a test send: every placeholder and expression replaced by its
 * value; or why it cannot be sent yet (a required field empty, a non-HTTP URL, a header with a
 * line break).
 */
export function planSend(draft: Draft): SendPlan {
  const fields = draftFields(draft);
  const problems = fields.filter((f) => f.required && !(draft.values[f.name] ?? '').trim()).map((f) => t('builderFieldMissing', { name: f.name }));
  const sampled = fillStrings(draft.request, (text) => {
    let out = text;
    if (out.startsWith('=') && EXPRESSION.test(out)) {
      EXPRESSION.lastIndex = 0;
      out = out.slice(1).replace(EXPRESSION, (whole, expression: string) => draft.values[`={{ ${expression} }}`] ?? whole);
    }
    return out.replace(PLACEHOLDER, (whole, name: string) => draft.values[name] ?? whole);
  });
  // A JSON body takes values escaped, so it stays JSON.
  if (draft.request.body.mode === 'json' && sampled.body.mode === 'json') {
    sampled.body = { mode: 'json', text: draft.request.body.text.replace(PLACEHOLDER, (whole, name: string) => (draft.values[name] !== undefined ? JSON.stringify(draft.values[name]).slice(1, -1) : whole)) };
  }
  problems.push(...requestProblems(sampled));
  return problems.length ? { ok: false, problems } : { ok: true, request: sampled };
}

/** What makes a request unsendable whatever its fields hold. */
export function requestProblems(request: RequestSpec): string[] {
  const problems: string[] = [];
  let url: URL | null = null;
  try {
    url = new URL(request.url);
  } catch {
    problems.push(t('builderUrlInvalid', { url: request.url }));
  }
  if (url && url.protocol !== 'http:' && url.protocol !== 'https:') problems.push(t('builderUrlScheme', { scheme: url.protocol }));
  if (url && !url.hostname) problems.push(t('builderUrlInvalid', { url: request.url }));
  for (const header of request.headers) {
    if (/[\r\n]/.test(header.name) || /[\r\n]/.test(header.value)) problems.push(t('builderHeaderNewline', { name: header.name.replace(/[\r\n]/g, ' ') }));
    else if (header.name && !/^[!#$%&'*+.^_`|~\w-]+$/.test(header.name)) problems.push(t('builderHeaderName', { name: header.name }));
  }
  return problems;
}

/** `https://user:pass@host/…` → the same URL without them, and basic auth carrying them. */
export function liftUrlCredentials(request: RequestSpec): { request: RequestSpec; moved: boolean } {
  const match = /^([a-z][\w+.-]*:\/\/)([^/@]*)@(.*)$/i.exec(request.url);
  if (!match || !match[2]) return { request, moved: false };
  const [user = '', password = ''] = match[2].split(':').map((part) => safeDecode(part));
  return { request: { ...request, url: `${match[1]}${match[3]}`, auth: { type: 'basic', username: user, password } }, moved: true };
}

/** Where the JSON body does not parse, for the editor's live validation (null when it does). */
export function jsonProblem(text: string): string | null {
  if (!text.trim()) return null;
  // Placeholders and expressions are valid once filled: check the text with stand-ins.
  const standIn = text.replace(/"?\{\{[\s\S]*?\}\}"?/g, (whole) => (whole.startsWith('"') ? whole : '0'));
  try {
    JSON.parse(standIn);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function visitStrings(value: unknown, visit: (text: string) => void): void {
  if (typeof value === 'string') visit(value);
  else if (Array.isArray(value)) value.forEach((item) => visitStrings(item, visit));
  else if (value && typeof value === 'object') Object.values(value).forEach((item) => visitStrings(item, visit));
}

function fillStrings<T>(value: T, fill: (text: string) => string): T {
  if (typeof value === 'string') return fill(value) as T;
  if (Array.isArray(value)) return value.map((item) => fillStrings(item, fill)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fillStrings(item, fill)])) as T;
  return value;
}

/**
 * The request as the node gets it: placeholders the user filled take their values; the others stay
 * and become n8n expressions on the incoming item; n8n expressions stay as they are.
 */
export function forNode(draft: Draft): RequestSpec {
  const value = (name: string) => (draft.values[name] ?? '').trim() ? draft.values[name] : undefined;
  const filled = fillStrings(draft.request, (text) => text.replace(PLACEHOLDER, (whole, name: string) => value(name) ?? whole));
  if (draft.request.body.mode === 'json' && filled.body.mode === 'json') {
    filled.body = { mode: 'json', text: draft.request.body.text.replace(PLACEHOLDER, (whole, name: string) => (value(name) !== undefined ? JSON.stringify(value(name)).slice(1, -1) : whole)) };
  }
  return filled;
}
