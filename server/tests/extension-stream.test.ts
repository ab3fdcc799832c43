// The extension background's link to this real server: its ServerStream
// (extension/background/server/stream.ts) and the debugger's ServerSource on top of it. It
// subscribes, delivers events as panel rows with their digests, keeps the socket alive with pings,
// and after the connection drops it says so, reconnects with the last event id and misses nothing.
import type { Socket } from 'node:net';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summarizeExecution } from '@ai-http/shared/n8n/digest';
import type { ExecutionEvent } from '@ai-http/shared/realtime/protocol';
import { normalizeBaseUrl } from '@ai-http/shared/url';
import type { ServerSession } from '../../extension/background/server/api.ts';
import { ServerStream } from '../../extension/background/server/stream.ts';
import { ServerSource } from '../../extension/features/debugger/background/server-source.ts';
import type { SourceUpdate } from '../../extension/features/debugger/background/source.ts';
import { apiClient, signUp, startTestServer, type TestServer } from './helpers.ts';

const N8N = 'http://n8n.feed.test:5678';
const fixture = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../shared/tests/fixtures/executions/closed-port.json'), 'utf8'));

async function until<T>(what: string, check: () => T | Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the extension background against the real server', () => {
  let server: TestServer;
  let session: ServerSession;
  let instanceId: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    server.server.on('upgrade', (_request, socket: Socket) => sockets.push(socket));
    const api = apiClient(server.url);
    const user = await signUp(api, 'feed');
    const instance = await api.call<{ data: { id: string } }>('POST', '/api/v1/instances', { token: user.accessToken, body: { name: 'n8n', url: N8N, apiKey: 'n8n_api_feed_0123456789' } });
    instanceId = instance.body.data.id;
    session = { serverUrl: server.url, email: user.email, userId: user.id, accessToken: user.accessToken, refreshToken: user.refreshToken };
  });
  afterAll(() => server.close());

  const publish = (executionId: string, workflowId = 'wf1') => {
    const digest = { ...summarizeExecution(fixture), executionId, workflowId };
    const event: ExecutionEvent = { type: 'execution.failed', instanceId, workflowId, executionId, digest };
    return server.app.services.eventLog.publish(event);
  };
  const streamFor = (loadSession = async (): Promise<ServerSession | null> => session, keepaliveMs = 200) => new ServerStream({ loadSession, saveSession: async () => undefined }, { keepaliveMs });

  it('streams events as rows with digests, pings to stay alive, and resumes from the last event id after a drop', async () => {
    const stream = streamFor();
    const updates: SourceUpdate[] = [];
    const stop = new AbortController();
    new ServerSource(stream, async () => true).watch({ n8nBase: N8N, workflowId: 'wf1' }, (update) => updates.push(update), stop.signal);
    const rowIds = () => updates.flatMap((u) => (u.type === 'rows' ? u.rows.map((r) => r.id) : []));
    try {
      await until('live', () => updates.some((u) => u.type === 'live'));
      await publish('101');
      await until('row 101', () => updates.some((u) => u.type === 'rows' && u.rows.some((r) => r.id === '101' && r.status === 'error' && r.digest?.executionId === '101')));
      await until('a pong', () => stream.lastPongAt !== null);

      // The connection drops (a proxy, a sleeping laptop); two executions happen meanwhile.
      for (const socket of sockets.splice(0)) socket.destroy();
      await until('the drop to be reported', () => updates.some((u) => u.type === 'unavailable' && u.notice === 'serverOffline'));
      await publish('102');
      await publish('103');
      await until('rows 102 and 103 after reconnecting', () => ['101', '102', '103'].every((id) => rowIds().includes(id)));
      // Another workflow's events are not this panel's rows.
      await publish('104', 'wf2');
      await new Promise((r) => setTimeout(r, 300));
      expect(rowIds()).toEqual(['101', '102', '103']);
      expect(updates.filter((u) => u.type === 'live').length).toBeGreaterThanOrEqual(2);
    } finally {
      stop.abort();
      stream.reset();
    }
  });

  it('says the server does not know an n8n that was never added to it, and that there is no account', async () => {
    const stream = streamFor();
    const stop = new AbortController();
    const notOnServer: SourceUpdate[] = [];
    new ServerSource(stream, async () => true).watch({ n8nBase: 'http://other-n8n.test', workflowId: 'wf1' }, (u) => notOnServer.push(u), stop.signal);
    const signedOut: SourceUpdate[] = [];
    new ServerSource(stream, async () => false).watch({ n8nBase: N8N, workflowId: 'wf1' }, (u) => signedOut.push(u), stop.signal);
    await until('both answers', () => notOnServer.length > 0 && signedOut.length > 0);
    stop.abort();
    expect(notOnServer[0]).toEqual({ type: 'unavailable', notice: 'notOnServer', problem: null });
    expect(signedOut[0]).toEqual({ type: 'unavailable', notice: null, problem: null });
    expect(await stream.instanceFor(N8N)).toMatchObject({ id: instanceId, v: 1 });
    expect(await streamFor(async () => null).instanceFor(N8N)).toBeNull();
  });

  it('refreshes an expired token once for callers that need it at the same time, and stays signed in', async () => {
    const fresh = await signUp(apiClient(server.url), 'single-flight');
    await apiClient(server.url).call('POST', '/api/v1/instances', { token: fresh.accessToken, body: { name: 'n8n', url: N8N, apiKey: 'n8n_api_feed_0123456789' } });
    // The access token is no longer accepted; the refresh token is good for exactly one use.
    let current: ServerSession | null = { serverUrl: server.url, email: fresh.email, userId: fresh.id, accessToken: 'expired-or-revoked-token', refreshToken: fresh.refreshToken };
    const saved: (ServerSession | null)[] = [];
    const stream = new ServerStream({ loadSession: async () => current, saveSession: async (next) => void saved.push((current = next)) });
    const found = await Promise.all([stream.instanceFor(N8N), stream.instanceFor(N8N), stream.instanceFor(N8N)]);
    expect(found.map((i) => i?.url)).toEqual([N8N, N8N, N8N]);
    expect(saved).toHaveLength(1);
    expect(current).not.toBeNull();
    expect((await apiClient(server.url).call('POST', '/api/v1/auth/refresh', { body: { refreshToken: current!.refreshToken } })).status).toBe(200);
  });

  it('adds an n8n to the server once, whatever trailing slash it is given with, and then knows it', async () => {
    const stream = streamFor();
    await stream.addInstance({ name: 'Later', url: 'http://later-n8n.test', apiKey: 'n8n_api_later_0123456789' });
    await stream.addInstance({ name: 'Later again', url: 'http://later-n8n.test/', apiKey: 'n8n_api_later_0123456789' });
    const listed = await apiClient(server.url).call<{ data: { items: { url: string }[] } }>('GET', '/api/v1/instances?limit=100', { token: session.accessToken });
    expect(listed.body.data.items.filter((i) => normalizeBaseUrl(i.url) === 'http://later-n8n.test')).toHaveLength(1);
    expect(await stream.instanceFor('http://later-n8n.test/')).not.toBeNull();
  });
});
