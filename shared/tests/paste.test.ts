// "Paste anything": every format users copy a request in, with the captures recorded from real
// Chromium and Firefox (scripts/capture-paste-fixtures.mjs), plus hand-written ones.
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../src/errors.ts';
import { importPaste, MAX_PASTE_BYTES, type PasteResult } from '../src/import/paste.ts';
import { windowsCmdArguments } from '../src/import/windows-cmd.ts';

const DIR = resolve(import.meta.dirname, 'fixtures/paste');
const read = (file: string) => readFileSync(resolve(DIR, file), 'utf8');
const request = (result: PasteResult) => {
  if (result.kind !== 'request') throw new Error(`expected a request, got ${result.kind}`);
  return result;
};
const refusal = (text: string) => {
  try {
    importPaste(text);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected a refusal');
};

interface Capture {
  method: string;
  url: string;
  query: { name: string; value: string }[];
  body: string;
}

const captures = readdirSync(DIR).filter((f) => f.endsWith('.json'));
const FORMATS = [
  ['curl.txt', 'curl'],
  ['chrome-curl.txt', 'curl'],
  ['safari-curl.txt', 'curl'],
  ['curl-cmd.txt', 'curl-cmd'],
  ['fetch.txt', 'fetch'],
  ['http.txt', 'http'],
] as const;

describe('DevTools captures from real Chromium and Firefox', () => {
  it('has captures of both browsers', () => {
    expect(captures.filter((f) => f.startsWith('chromium-'))).toHaveLength(3);
    expect(captures.filter((f) => f.startsWith('firefox-'))).toHaveLength(3);
  });

  describe.each(captures.map((f) => f.replace(/\.json$/, '')))('%s', (name) => {
    const capture = JSON.parse(read(`${name}.json`)) as Capture;
    it.each(FORMATS)('imports the %s copy as the request the browser sent', (suffix, format) => {
      const result = request(importPaste(read(`${name}.${suffix}`)));
      expect(result.format).toBe(format);
      expect(result.request.method).toBe(capture.method);
      expect(result.request.url).toBe(capture.url);
      expect(result.request.query).toEqual(capture.query);
      const body = result.request.body;
      if (!capture.body) expect(body.mode).toBe('none');
      else if (body.mode === 'json') expect(JSON.parse(body.text)).toEqual(JSON.parse(capture.body));
      else if (body.mode === 'form') expect(new URLSearchParams(body.fields.map((f): [string, string] => [f.name, f.value])).toString()).toBe(new URLSearchParams(capture.body).toString());
      else throw new Error(`unexpected body mode ${body.mode}`);
      // The browser's own headers are gone, and said to be; the credential became auth.
      const names = result.request.headers.map((h) => h.name.toLowerCase());
      for (const noise of ['user-agent', 'origin', 'referer', 'accept-language', 'accept-encoding', 'cookie', 'connection', 'host']) expect(names).not.toContain(noise);
      expect(names.some((n) => n.startsWith('sec-'))).toBe(false);
      if (format !== 'fetch') expect(result.droppedHeaders).toEqual(expect.arrayContaining(['user-agent', 'accept-language']));
      if (name.endsWith('-json')) expect(result.request.auth).toEqual({ type: 'bearer', token: 'sk_test_4eC39HqLyjWDarjtT1zdp7dc' });
      if (name.endsWith('-get')) expect(result.request.auth).toEqual({ type: 'apiKeyHeader', name: 'x-api-key', value: 'key_live_123456' });
    });
  });
});

describe('Windows cmd.exe quoting', () => {
  it('undoes both cmd.exe and the C runtime: carets, escaped quotes, percent signs, line breaks', () => {
    expect(windowsCmdArguments('curl ^"https://x.test/a?b=1^&c=2^" ^\n  -H ^"x: ^\\^"q^\\^"^" --data-raw ^"50^%^ off^\n\nnext^"')).toEqual(['curl', 'https://x.test/a?b=1&c=2', '-H', 'x: "q"', '--data-raw', '50% off\nnext']);
    expect(windowsCmdArguments('curl "https://x.test/?a=1&b=^2" -H "Accept: */*"')).toEqual(['curl', 'https://x.test/?a=1&b=^2', '-H', 'Accept: */*']);
  });
});

describe('hand-written pastes', () => {
  it('reads Safari’s escaped URL globbing characters as the characters themselves', () => {
    const result = request(importPaste("curl 'https://api.test/v1/items?ids\\[\\]=1&f=\\{a\\}' \\\n-X 'GET' \\\n-H 'Accept: application/json'"));
    expect(result.request.url).toBe('https://api.test/v1/items');
    expect(result.request.query).toEqual([{ name: 'ids[]', value: '1' }, { name: 'f', value: '{a}' }]);
  });

  it('keeps the headers of a hand-written cURL (only a browser capture is cleaned)', () => {
    const result = request(importPaste("curl https://api.example.com/v1/items -H 'User-Agent: my-app/1.0' -H 'Accept: application/json'"));
    expect(result.request.headers).toEqual([{ name: 'User-Agent', value: 'my-app/1.0' }, { name: 'Accept', value: 'application/json' }]);
    expect(result.droppedHeaders).toEqual([]);
  });

  it('reads a bare URL as a GET, query rows split', () => {
    const result = request(importPaste('  https://api.example.com/v1/items?limit=10&q=a%20b  '));
    expect(result).toMatchObject({ format: 'url', request: { method: 'GET', url: 'https://api.example.com/v1/items', query: [{ name: 'limit', value: '10' }, { name: 'q', value: 'a b' }] } });
  });

  it('moves a user and password out of the URL into Basic Auth', () => {
    const result = request(importPaste('https://ada:s3cr%40t@api.example.com/v1/me'));
    expect(result.request.url).toBe('https://api.example.com/v1/me');
    expect(result.request.auth).toEqual({ type: 'basic', username: 'ada', password: 's3cr@t' });
    expect(result.warnings.join(' ')).toMatch(/Basic Auth/);
  });

  it('reads a raw HTTP request without a scheme, assuming https and saying so', () => {
    const result = request(importPaste('PUT /v1/items/7 HTTP/1.1\nHost: api.example.com\nContent-Type: application/json\nX-Trace: 1\n\n{"name":"seven"}\n'));
    expect(result.request).toMatchObject({ method: 'PUT', url: 'https://api.example.com/v1/items/7', headers: [{ name: 'X-Trace', value: '1' }], body: { mode: 'json', text: '{"name":"seven"}' } });
    expect(result.warnings.join(' ')).toMatch(/https:\/\/api\.example\.com was assumed/);
  });

  it('takes plain words as a search, not a request', () => {
    expect(importPaste('create a Stripe customer')).toEqual({ kind: 'words', query: 'create a Stripe customer' });
    expect(importPaste('  إنشاء عميل  ')).toEqual({ kind: 'words', query: 'إنشاء عميل' });
  });
});

describe('what is refused, and how', () => {
  it.each([
    ['', /empty/],
    ['{"name": "x"}', /JSON on its own/],
    ['ftp://files.example.com/a.txt', /only calls http:\/\/ and https:\/\//],
    ['fetch(url, { method: "POST" })', /as DevTools copies it/],
    ['fetch("https://x.test", { headers: getHeaders() })', /not JSON/],
    ['GET /items HTTP/1.1\nAccept: */*', /no Host header/],
    ['GET /items HTTP/1.1\nHost: x.test\nnot a header', /not a header line/],
    ['curl.exe ^"ftp://x.test/a^"', /http:\/\/ and https:\/\//],
    ['x = 1;\ny = 2;', /not a request/],
    ['\u0000\u0001PK\u0003\u0004binary', /binary/],
  ])('%j', (text, message) => {
    const error = refusal(text);
    expect(error.code).toMatch(/IMPORT_UNRECOGNIZED|CURL_INVALID/);
    expect(error.message).toMatch(message);
  });

  it('refuses a paste larger than any request, at once', () => {
    const started = performance.now();
    const error = refusal(`curl https://x.test -d '${'a'.repeat(MAX_PASTE_BYTES + 10)}'`);
    expect(error.message).toMatch(/MB, too large/);
    expect(performance.now() - started).toBeLessThan(500);
  });
});
