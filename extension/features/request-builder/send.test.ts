// @vitest-environment node
// Sending a test request, against a local server: the request goes out as built, the answer
// comes back whole (or cut at the cap), and a request with no answer says why.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createRequestSpec } from '@ai-http/shared/request/spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureKind, send, SendError } from './send.ts';

const received: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[] = [];
const routes: Record<string, (res: ServerResponse) => void> = {
  '/json': (res) => res.writeHead(201, { 'content-type': 'application/json; charset=utf-8', 'x-request-id': 'r-1' }).end('{"ok":true}'),
  '/big': (res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ rows: Array.from({ length: 42_000 }, (_, i) => ({ id: i, note: 'x'.repeat(100) })) })),
  '/png': (res) => res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0])),
  '/never': (res) => res.writeHead(200, { 'content-type': 'text/plain' }).write('start…'),
};
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (chunk: Buffer) => (body += chunk.toString()));
  req.on('end', () => {
    received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
    (routes[new URL(req.url ?? '/', 'http://x').pathname] ?? routes['/json']!)(res);
  });
});
let base = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});
const go = (request: ReturnType<typeof createRequestSpec>, timeoutMs = 5_000, signal = new AbortController().signal) => send(request, { signal, timeoutMs });

describe('sending a request', () => {
  it('attaches the files chosen for a multipart file part and for a binary body', async () => {
    const file = new File(['hello file'], 'hello.txt', { type: 'text/plain' });
    await send(
      createRequestSpec({ method: 'POST', url: `${base}/json`, body: { mode: 'multipart', parts: [{ kind: 'text', name: 'note', value: 'n' }, { kind: 'file', name: 'upload', binaryProperty: 'data' }] } }),
      { signal: new AbortController().signal, timeoutMs: 5_000, files: { 'part-1': file } },
    );
    const multipart = received.at(-1)!;
    expect(multipart.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(multipart.body).toMatch(/name="note"\r\n\r\nn\r\n/);
    expect(multipart.body).toMatch(/name="upload"; filename="hello.txt"\r\nContent-Type: text\/plain\r\n\r\nhello file\r\n/);
    await send(createRequestSpec({ method: 'PUT', url: `${base}/json`, body: { mode: 'binary', binaryProperty: 'data' } }), { signal: new AbortController().signal, timeoutMs: 5_000, files: { body: file } });
    expect(received.at(-1)).toMatchObject({ method: 'PUT', body: 'hello file' });
    expect(received.at(-1)!.headers['content-type']).toBe('text/plain');
  });

  it('sends method, query, headers, auth and JSON body as built, and reads status, time, size and headers', async () => {
    const response = await go(createRequestSpec({ method: 'POST', url: `${base}/json`, query: [{ name: 'tag', value: 'a' }, { name: 'tag', value: 'b' }], headers: [{ name: 'X-Trace', value: 't-1' }], auth: { type: 'bearer', token: 'sk_1' }, body: { mode: 'json', text: '{"a": 1}' } }));
    expect(response).toMatchObject({ status: 201, sizeBytes: 11, contentType: 'application/json; charset=utf-8', body: { kind: 'text', text: '{"ok":true}' }, truncated: false });
    expect(response.headers).toContainEqual({ name: 'x-request-id', value: 'r-1' });
    expect(response.timeMs).toBeGreaterThanOrEqual(0);
    expect(received.at(-1)).toMatchObject({ method: 'POST', url: '/json?tag=a&tag=b', body: '{"a": 1}', headers: { 'x-trace': 't-1', authorization: 'Bearer sk_1', 'content-type': 'application/json' } });
  });

  it('sends form fields encoded, and basic auth on the wire', async () => {
    await go(createRequestSpec({ method: 'POST', url: `${base}/json`, body: { mode: 'form', fields: [{ name: 'q', value: 'café & co' }] }, auth: { type: 'basic', username: 'ada', password: 's3cret' } }));
    expect(received.at(-1)).toMatchObject({ body: 'q=caf%C3%A9+%26+co', headers: { authorization: `Basic ${btoa('ada:s3cret')}`, 'content-type': 'application/x-www-form-urlencoded' } });
  });

  it('keeps a 5 MB body whole, and an image as base64', async () => {
    const big = await go(createRequestSpec({ method: 'GET', url: `${base}/big` }));
    expect(big.sizeBytes).toBeGreaterThan(5_000_000);
    expect(JSON.parse((big.body as { text: string }).text).rows).toHaveLength(42_000);
    const png = await go(createRequestSpec({ method: 'GET', url: `${base}/png` }));
    expect(png.body).toEqual({ kind: 'binary', base64: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]).toString('base64') });
  });

  it('stops an answer that never ends at the timeout, and on cancel', async () => {
    await expect(go(createRequestSpec({ method: 'GET', url: `${base}/never` }), 300)).rejects.toMatchObject({ kind: 'timeout' });
    const controller = new AbortController();
    const pending = go(createRequestSpec({ method: 'GET', url: `${base}/never` }), 10_000, controller.signal);
    setTimeout(() => controller.abort(), 100);
    await expect(pending).rejects.toMatchObject({ kind: 'canceled' });
  });

  it('names a refused connection', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    closed.close();
    const error = await go(createRequestSpec({ method: 'GET', url: `http://127.0.0.1:${port}/` })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SendError);
    expect(error).toMatchObject({ kind: 'connection', message: expect.stringMatching(/refused or dropped/) });
  });

  it('reads the browsers’ network error names', () => {
    expect(failureKind('net::ERR_CONNECTION_REFUSED')).toBe('connection');
    expect(failureKind('NS_ERROR_CONNECTION_REFUSED')).toBe('connection');
    expect(failureKind('net::ERR_NAME_NOT_RESOLVED')).toBe('dns');
    expect(failureKind('NS_ERROR_UNKNOWN_HOST')).toBe('dns');
    expect(failureKind('net::ERR_CERT_AUTHORITY_INVALID')).toBe('tls');
    expect(failureKind('SEC_ERROR_UNKNOWN_ISSUER')).toBe('tls');
    expect(failureKind('net::ERR_TIMED_OUT')).toBe('timeout');
    expect(failureKind(undefined)).toBe('unknown');
  });
});
