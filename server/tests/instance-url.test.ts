// What an n8n instance's address may be. Credentials in it (`https://admin:pass@n8n…`) are refused
// with VALIDATION_FAILED pointing to the API key field, on create and on PATCH, and the password
// shows up in no answer, no log line and no row. And where the server may connect for it (SSRF):
// link-local and metadata addresses never, loopback and private ones only with
// ALLOW_PRIVATE_N8N=true, whether written as an address or reached through a name, and a refused
// address reads exactly like a closed port.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort, n8nUnderTest } from '../../tests/support/n8n.ts';
import { classifyAddress, MAX_N8N_ANSWER_BYTES, type AddressClass } from '../src/infra/outbound.ts';
import { apiClient, capturedLogger, signUp, startTestServer, type ApiClient, type TestServer } from './helpers.ts';

const SECRET = 'Hunter2-Instance-Pass';
const WITH_USERINFO = [`https://admin:${SECRET}@n8n.example.com`, `http://admin:${SECRET}@127.0.0.1:5678/`, `https://${SECRET}@n8n.example.com/base`, `https://:${SECRET}@n8n.example.com`, `https:admin:${SECRET}@n8n.example.com`, `HTTPS://admin:${encodeURIComponent(`${SECRET}@x`)}@n8n.example.com`];

describe('instance addresses', () => {
  let server: TestServer;
  let api: ApiClient;
  const { logger, lines: logLines } = capturedLogger();
  beforeAll(async () => {
    server = await startTestServer({ RATE_LIMIT_PER_MINUTE: '1000000' }, { logger });
    api = apiClient(server.url);
  });
  afterAll(() => server?.close());

  it('refuses a user name or password in the address, says to use the API key, and never echoes, logs or stores it', async () => {
    const { accessToken: token } = await signUp(api, 'userinfo');
    const answers: string[] = [];
    const created = await api.call<{ data: { id: string } }>('POST', '/api/v1/instances', { token, body: { name: 'Prod', url: 'https://n8n.example.com', apiKey: 'n8n_api_userinfo_0123' } });
    expect(created.status).toBe(201);
    for (const url of WITH_USERINFO) {
      for (const [method, path, body] of [
        ['POST', '/api/v1/instances', { name: 'Prod', url, apiKey: 'n8n_api_userinfo_0123' }],
        ['PATCH', `/api/v1/instances/${created.body.data.id}`, { url }],
      ] as const) {
        const res = await api.call<{ error: { code: string; message: string; details: { issues: { path: string; message: string }[] } } }>(method, path, { token, body });
        answers.push(JSON.stringify(res.body));
        expect([res.status, res.body.error?.code], `${method} ${url}`).toEqual([400, 'VALIDATION_FAILED']);
        expect(res.body.error.details.issues).toContainEqual({ path: 'url', message: expect.stringMatching(/API key/) });
      }
    }
    const listed = await api.call('GET', '/api/v1/instances', { token });
    answers.push(JSON.stringify(listed.body));
    const rows = await server.app.services.database.orm.em.fork().getConnection().execute('select "url", "last_error" from "instances"');
    for (const text of [...answers, ...logLines, JSON.stringify(rows)]) expect(text).not.toContain(SECRET);
    expect(logLines.length).toBeGreaterThan(10);
  });
});

const ADDRESSES: [string, AddressClass][] = [
  ['169.254.169.254', 'forbidden'],
  ['169.254.0.1', 'forbidden'],
  ['100.100.100.200', 'forbidden'],
  ['fe80::1', 'forbidden'],
  ['fd00:ec2::254', 'forbidden'],
  ['::ffff:169.254.169.254', 'forbidden'],
  ['::ffff:a9fe:a9fe', 'forbidden'],
  ['224.0.0.1', 'forbidden'],
  ['255.255.255.255', 'forbidden'],
  ['ff02::1', 'forbidden'],
  ['not-an-address', 'forbidden'],
  ['127.0.0.1', 'private'],
  ['127.255.255.254', 'private'],
  ['0.0.0.0', 'private'],
  ['::1', 'private'],
  ['::', 'private'],
  ['::ffff:127.0.0.1', 'private'],
  ['::ffff:7f00:1', 'private'],
  ['[::1]', 'private'],
  ['10.1.2.3', 'private'],
  ['172.16.0.1', 'private'],
  ['172.31.255.255', 'private'],
  ['192.168.1.1', 'private'],
  ['100.64.0.1', 'private'],
  ['198.18.0.1', 'private'],
  ['fd12:3456::1', 'private'],
  ['fc00::1', 'private'],
  ['8.8.8.8', 'public'],
  ['172.32.0.1', 'public'],
  ['100.128.0.1', 'public'],
  ['169.255.0.1', 'public'],
  ['2606:4700::1111', 'public'],
  ['::ffff:8.8.8.8', 'public'],
  // IPv4 carried inside IPv6 in other ways than the mapped form: judged as the IPv4 address, since
  // a NAT64 gateway, a 6to4 relay or the kernel may deliver them there.
  ['::7f00:1', 'private'],
  ['::127.0.0.1', 'private'],
  ['::a9fe:a9fe', 'forbidden'],
  ['::ffff:0:7f00:1', 'private'],
  ['::ffff:0:169.254.169.254', 'forbidden'],
  ['64:ff9b::7f00:1', 'private'],
  ['64:ff9b::10.0.0.1', 'private'],
  ['64:ff9b::a9fe:a9fe', 'forbidden'],
  ['64:ff9b::808:808', 'public'],
  ['64:ff9b:1::a00:1', 'private'],
  ['2002:7f00:1::1', 'private'],
  ['2002:a9fe:a9fe::1', 'forbidden'],
  ['2002:808:808::1', 'public'],
  ['2001:0:4136:e378::1', 'forbidden'],
  ['2001:db8::1', 'forbidden'],
  ['100::1', 'forbidden'],
];

describe('where an instance URL may lead the server (SSRF)', () => {
  it.each(ADDRESSES)('classifies %s as %s', (address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
  });

  let strict: TestServer;
  let open: TestServer;
  beforeAll(async () => {
    [strict, open] = await Promise.all([startTestServer({ RATE_LIMIT_PER_MINUTE: '1000000', ALLOW_PRIVATE_N8N: 'false' }), startTestServer({ RATE_LIMIT_PER_MINUTE: '1000000', ALLOW_PRIVATE_N8N: 'true' })]);
  });
  afterAll(() => Promise.all([strict?.close(), open?.close()]));

  /** Adds an instance at `url` and runs its test; answers the stored status and lastError. */
  async function tryInstance(server: TestServer, token: string, url: string, apiKey: string): Promise<{ status: string; lastError: string | null; ms: number }> {
    const api = apiClient(server.url);
    const created = await api.call<{ data: { id: string; url: string } }>('POST', '/api/v1/instances', { token, body: { name: 'probe', url, apiKey } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const started = performance.now();
    const tested = await api.call<{ data: { status: string; lastError: string | null } }>('POST', `/api/v1/instances/${created.body.data.id}/test`, { token });
    expect(tested.status).toBe(200);
    // The address itself aside, every failure reads the same.
    return { status: tested.body.data.status, lastError: tested.body.data.lastError?.replace(created.body.data.url, '<url>') ?? null, ms: performance.now() - started };
  }

  it('refuses loopback and private addresses, written or resolved, unless ALLOW_PRIVATE_N8N=true, and says only "could not reach n8n"', async () => {
    const n8n = n8nUnderTest();
    const port = new URL(n8n.url).port;
    const closed = await closedPort();
    const strictToken = (await signUp(apiClient(strict.url), 'ssrf-strict')).accessToken;
    const openToken = (await signUp(apiClient(open.url), 'ssrf-open')).accessToken;
    // The real n8n, reachable when private addresses are allowed.
    expect((await tryInstance(open, openToken, `http://127.0.0.1:${port}`, n8n.apiKey)).status).toBe('CONNECTED');
    expect((await tryInstance(open, openToken, `http://localhost:${port}`, n8n.apiKey)).status).toBe('CONNECTED');
    const refusedLoopback = [`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::ffff:127.0.0.1]:${port}`, `http://2130706433:${port}`, `http://0.0.0.0:${port}`, `http://[::1]:${port}`, `http://127.1:${port}`, 'http://10.0.0.1', 'http://192.168.0.1:5678'];
    const answers = new Set<string | null>();
    for (const url of refusedLoopback) {
      const result = await tryInstance(strict, strictToken, url, n8n.apiKey);
      expect(result.status, url).toBe('ERROR');
      expect(result.ms, `${url} is refused before any connection`).toBeLessThan(1_000);
      answers.add(result.lastError);
    }
    // A closed port reads exactly like a refused address: the field is no port scanner.
    const closedAnswer = await tryInstance(open, openToken, `http://127.0.0.1:${closed}`, n8n.apiKey);
    expect(closedAnswer.status).toBe('ERROR');
    answers.add(closedAnswer.lastError);
    expect([...answers]).toEqual([expect.stringMatching(/^N8N_UNREACHABLE: Could not reach n8n at <url>\./)]);
    expect([...answers][0]).not.toMatch(/ECONN|ADDRESS_REFUSED|timeout|socket|refused \(/i);
  });

  it('follows a redirect only on the same host (and never from https to http): the n8n API key is not sent to another host', async () => {
    // An "n8n" that redirects, and another host that records what it receives: 127.0.0.1 and localhost are two hosts to a browser and to fetch.
    const seen: (string | undefined)[] = [];
    const recorder = createServer((req, res) => {
      seen.push(req.headers['x-n8n-api-key'] as string | undefined);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":[],"nextCursor":null}');
    });
    await new Promise<void>((resolve) => recorder.listen(0, '127.0.0.1', resolve));
    const recorderPort = (recorder.address() as AddressInfo).port;
    const redirector = createServer((req, res) => {
      const to = req.url!.startsWith('/same/') ? `http://127.0.0.1:${recorderPort}${req.url!.slice(5)}` : `http://localhost:${recorderPort}${req.url!.replace(/^\/other/, '')}`;
      res.writeHead(302, { location: to }).end();
    });
    await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(redirector.address() as AddressInfo).port}`;
    try {
      const token = (await signUp(apiClient(open.url), 'ssrf-redirect')).accessToken;
      const apiKey = 'n8n_api_redirect_0123456789';
      const elsewhere = await tryInstance(open, token, `${base}/other`, apiKey);
      expect(elsewhere.status).toBe('ERROR');
      expect(seen).toEqual([]);
      // The same host on another port (http to https on its own host is the usual case) is followed.
      expect((await tryInstance(open, token, `${base}/same`, apiKey)).status).toBe('CONNECTED');
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.every((key) => key === apiKey)).toBe(true);
    } finally {
      recorder.close();
      redirector.close();
    }
  });

  it('stops reading an answer larger than MAX_N8N_ANSWER_BYTES: an "n8n" that streams without end is an ERROR, not the server out of memory', async () => {
    const total = 160 * 1024 * 1024;
    const sent: number[] = [];
    const endless = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(1 << 20, 97);
      res.write('{"data":[{"id":"1","name":"');
      let bytes = 0;
      const pump = () => {
        while (bytes < total && !res.destroyed) {
          bytes += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end('"}],"nextCursor":null}');
      };
      res.on('close', () => sent.push(bytes));
      pump();
    });
    await new Promise<void>((resolve) => endless.listen(0, '127.0.0.1', resolve));
    try {
      const token = (await signUp(apiClient(open.url), 'n8n-endless')).accessToken;
      const result = await tryInstance(open, token, `http://127.0.0.1:${(endless.address() as AddressInfo).port}`, 'n8n_api_endless_0123456789');
      expect(result.status).toBe('ERROR');
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(sent.length).toBeGreaterThan(0);
      // Read up to the limit, plus what the sockets buffer: far from the whole answer.
      expect(Math.max(...sent)).toBeLessThan(MAX_N8N_ANSWER_BYTES + 16 * 1024 * 1024);
    } finally {
      endless.closeAllConnections();
      endless.close();
    }
  });

  it('gives up on an "n8n" that sends its headers and then trickles its body: ERROR within the test\'s deadline, not a request that never ends', async () => {
    const trickle = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"data":[');
      const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write(' ')), 500);
    });
    await new Promise<void>((resolve) => trickle.listen(0, '127.0.0.1', resolve));
    try {
      const token = (await signUp(apiClient(open.url), 'n8n-trickle')).accessToken;
      const result = await tryInstance(open, token, `http://127.0.0.1:${(trickle.address() as AddressInfo).port}`, 'n8n_api_trickle_0123456789');
      expect(result.status).toBe('ERROR');
      // The test route gives n8n 5 s, with no retry: the whole answer, body included, within twice that.
      expect(result.ms).toBeLessThan(12_000);
    } finally {
      trickle.closeAllConnections();
      trickle.close();
    }
  }, 30_000);

  it('refuses link-local and metadata addresses even with ALLOW_PRIVATE_N8N=true', async () => {
    const token = (await signUp(apiClient(open.url), 'ssrf-metadata')).accessToken;
    for (const url of ['http://169.254.169.254', 'http://169.254.169.254/latest/meta-data', 'http://[fe80::1]:5678', 'http://[fd00:ec2::254]', 'http://[::ffff:169.254.169.254]', 'http://100.100.100.200', 'http://224.0.0.1:5678']) {
      const result = await tryInstance(open, token, url, 'n8n_api_metadata_0123');
      expect(result.status, url).toBe('ERROR');
      expect(result.ms, `${url} is refused before any connection`).toBeLessThan(1_000);
      expect(result.lastError, url).toMatch(/^N8N_UNREACHABLE: Could not reach n8n at <url>\./);
    }
  });
});
