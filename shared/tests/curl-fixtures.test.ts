// curlconverter's own 108 test commands (MIT, in ../shared/fixtures/curl): every one imports or
// fails with CURL_INVALID, and where curlconverter's expected JSON or raw HTTP output exists,
// the imported method, URL, query, headers and body agree with it.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCurl } from '../src/curl/import.ts';
import { AppError } from '../src/errors.ts';
import type { Pair, RequestSpec } from '../src/request/spec.ts';
import { parseFormBody } from '../src/request/content-type.ts';
import { toWireRequest, urlWithQuery } from '../src/request/wire.ts';

const FIXTURES = resolve(import.meta.dirname, '../../../shared/fixtures/curl');
const names = readdirSync(join(FIXTURES, 'curl_commands')).filter((f) => f.endsWith('.sh')).map((f) => f.slice(0, -3)).sort();

interface Outcome {
  name: string;
  request?: RequestSpec;
  error?: AppError;
}
const outcomes: Outcome[] = names.map((name) => {
  try {
    return { name, request: importCurl(readFileSync(join(FIXTURES, 'curl_commands', `${name}.sh`), 'utf8')).request };
  } catch (error) {
    if (error instanceof AppError) return { name, error };
    throw new Error(`${name}: threw something other than an AppError: ${String(error)}`, { cause: error });
  }
});

// The two fixtures that cannot agree, and what the user gets instead.
// redirect_command_url_query builds its URL with shell command substitution (`echo …`), which
// is never run here, so what is left is not a URL.
const REFUSED: Record<string, RegExp> = { redirect_command_url_query: /not a valid URL/, strange_http_method: /cannot send WHAT requests/ };

const lower = (pairs: Pair[]) => pairs.map((p) => ({ name: p.name.toLowerCase(), value: p.value }));
// Headers curl adds on its own, or that n8n sets itself from the body.
// Accept-Encoding: n8n negotiates compression itself (what --compressed asks for).
const AUTOMATIC = new Set(['host', 'user-agent', 'content-length', 'accept', 'content-type', 'expect', 'accept-encoding']);

function bodyAgrees(actual: string | undefined, expected: unknown): boolean {
  if (expected === undefined || expected === null) return actual === undefined || actual === '';
  if (typeof expected === 'string' && actual !== undefined && actual !== expected) {
    const [ours, theirs] = [parseFormBody(actual), parseFormBody(expected)];
    return ours !== null && JSON.stringify(ours) === JSON.stringify(theirs);
  }
  if (typeof expected === 'object') {
    try {
      return JSON.stringify(JSON.parse(actual ?? '')) === JSON.stringify(expected);
    } catch {
      // curlconverter shows form bodies as an object of fields
      const fields = new URLSearchParams(actual ?? '');
      return Object.entries(expected as Record<string, string | string[]>).every(([k, v]) => JSON.stringify(fields.getAll(k)) === JSON.stringify([v].flat()));
    }
  }
  return actual === expected;
}

describe('curlconverter fixtures', () => {
  it('imports every command or refuses it with CURL_INVALID and a message', () => {
    for (const outcome of outcomes) {
      if (outcome.error) {
        expect(outcome.error.code, outcome.name).toBe('CURL_INVALID');
        expect(outcome.error.message.length, outcome.name).toBeGreaterThan(20);
      }
    }
    expect(outcomes.filter((o) => o.error).map((o) => o.name)).toEqual(Object.keys(REFUSED));
    for (const [name, reason] of Object.entries(REFUSED)) expect(outcomes.find((o) => o.name === name)!.error!.message).toMatch(reason);
    const imported = outcomes.filter((o) => o.request).length;
    console.log(`cURL fixtures: ${imported} imported, ${outcomes.length - imported} refused with CURL_INVALID, of ${outcomes.length}`);
    expect(outcomes.length).toBe(108);
    expect(imported).toBe(106);
  });

  const comparable = (o: Outcome) => !(o.name in REFUSED);
  const withJson = outcomes.filter(comparable).filter((o) => existsSync(join(FIXTURES, 'json', `${o.name}.json`)));
  it.each(withJson.map((o) => [o.name, o] as const))('%s agrees with the expected JSON', (_name, outcome) => {
    const expected = JSON.parse(readFileSync(join(FIXTURES, 'json', `${outcome.name}.json`), 'utf8')) as {
      url: string; method: string; headers?: Record<string, string | null>; queries?: Record<string, string | string[]>; data?: unknown;
    };
    expect(outcome.request, outcome.error?.message).toBeDefined();
    const wire = toWireRequest(outcome.request!);
    expect(wire.method).toBe(expected.method.toUpperCase());
    expect(wire.url).toBe(expected.url);
    const query: Record<string, string | string[]> = {};
    for (const row of wire.query) query[row.name] = row.name in query ? [query[row.name]!, row.value].flat() : row.value;
    expect(query).toEqual(expected.queries ?? {});
    const headers = lower(wire.headers);
    for (const [name, value] of Object.entries(expected.headers ?? {})) {
      if (value === null || AUTOMATIC.has(name.toLowerCase())) continue;
      expect(headers, name).toContainEqual({ name: name.toLowerCase(), value });
    }
    const { body } = outcome.request!;
    if (body.mode === 'multipart') {
      const texts = Object.fromEntries(body.parts.flatMap((p) => (p.kind === 'text' ? [[p.name, p.value]] : [])));
      expect(texts).toEqual(expected.data ?? {});
      return;
    }
    expect(bodyAgrees(wire.bodyText, expected.data), `body ${wire.bodyText} vs ${JSON.stringify(expected.data)}`).toBe(true);
  });

  const withHttp = outcomes.filter(comparable).filter((o) => existsSync(join(FIXTURES, 'http', `${o.name}.txt`)));
  it.each(withHttp.map((o) => [o.name, o] as const))('%s agrees with the expected raw HTTP', (_name, outcome) => {
    const raw = readFileSync(join(FIXTURES, 'http', `${outcome.name}.txt`), 'utf8');
    const split = raw.indexOf('\n\n');
    const [start, ...headerLines] = (split === -1 ? raw : raw.slice(0, split)).split('\n').filter(Boolean);
    const body = split === -1 ? '' : raw.slice(split + 2);
    const [method, target] = start!.split(' ');
    expect(outcome.request, outcome.error?.message).toBeDefined();
    const wire = toWireRequest(outcome.request!);
    expect(wire.method).toBe(method);
    const host = headerLines.find((l) => /^host:/i.test(l))?.slice(5).trim();
    const url = new URL(urlWithQuery(wire.url, wire.query));
    expect(wire.headers.find((h) => h.name.toLowerCase() === 'host')?.value ?? url.host).toBe(host);
    const expectedTarget = new URL(target!, `http://${host}`);
    expect(decodeURIComponent(url.pathname)).toBe(decodeURIComponent(expectedTarget.pathname));
    expect([...url.searchParams.entries()]).toEqual([...expectedTarget.searchParams.entries()]);
    const headers = lower(wire.headers);
    for (const line of headerLines) {
      const at = line.indexOf(':');
      const name = line.slice(0, at).trim().toLowerCase();
      if (AUTOMATIC.has(name)) continue;
      expect(headers, name).toContainEqual({ name, value: line.slice(at + 1).trim() });
    }
    if (outcome.request!.body.mode === 'form') expect(outcome.request!.body.fields).toEqual(parseFormBody(body.trim()));
    else if (wire.bodyText !== undefined) expect(wire.bodyText.replace(/\r\n/g, '\n').trim()).toBe(body.trim());
  });
});
