// The extension background's ServerFeed (extension/lib/server-feed.ts) against this real
// server: it subscribes, receives events as panel rows, keeps the socket alive with pings, and
// after the connection drops it reconnects with the last event id and misses nothing.
import type { Socket } from 'node:net';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summarizeExecution } from '@ai-http/shared/n8n/digest';
import type { ExecutionEvent } from '@ai-http/shared/realtime/protocol';
import { normalizeBaseUrl } from '@ai-http/shared/url';
import { ServerFeed } from '../../extension/lib/server-feed.ts';
import type { ServerSession } from '../../extension/lib/server-api.ts';
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

describe('the extension ServerFeed against the real server', () => {
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

  it('streams events as rows, pings to stay alive, and resumes from the last event id after a drop', async () => {
    const received: string[] = [];
    const feed = new ServerFeed({ loadSession: async () => session, saveSession: async () => undefined, onExecution: (event) => void received.push(event.executionId) }, { keepaliveMs: 200 });
    try {
      expect((await feed.view(N8N, 'wf1')).state).toBe('connecting');
      await until('live', async () => (await feed.view(N8N, 'wf1')).state === 'live');
      await publish('101');
      await until('row 101', async () => {
        const view = await feed.view(N8N, 'wf1');
        return view.state === 'live' && view.rows.some((r) => r.id === '101' && r.status === 'error');
      });
      await until('a pong', () => feed.lastPongAt !== null);

      // The connection drops (a proxy, a sleeping laptop); two executions happen meanwhile.
      for (const socket of sockets.splice(0)) socket.destroy();
      await until('the drop to be seen', async () => (await feed.view(N8N, 'wf1')).state === 'offline');
      await publish('102');
      await publish('103');
      await until('rows 102 and 103 after reconnecting', async () => {
        const view = await feed.view(N8N, 'wf1');
        return view.state === 'live' && ['101', '102', '103'].every((id) => view.rows.some((r) => r.id === id));
      });
      expect(received).toEqual(['101', '102', '103']);
      // Another workflow's events are not this panel's rows.
      await publish('104', 'wf2');
      await new Promise((r) => setTimeout(r, 300));
      const view = await feed.view(N8N, 'wf1');
      expect(view.state === 'live' && view.rows.map((r) => r.id).sort()).toEqual(['101', '102', '103']);
    } finally {
      feed.reset();
    }
  });

  it('says the server does not know an n8n that was never added to it', async () => {
    const feed = new ServerFeed({ loadSession: async () => session, saveSession: async () => undefined, onExecution: () => undefined });
    expect(await feed.view('http://other-n8n.test', 'wf1')).toEqual({ state: 'notOnServer' });
    expect(await new ServerFeed({ loadSession: async () => null, saveSession: async () => undefined, onExecution: () => undefined }).view(N8N, 'wf1')).toEqual({ state: 'off' });
    feed.reset();
  });

  it('adds an n8n to the server once, whatever trailing slash it is given with, and then knows it', async () => {
    const feed = new ServerFeed({ loadSession: async () => session, saveSession: async () => undefined, onExecution: () => undefined });
    try {
      await feed.addInstance({ name: 'Later', url: 'http://later-n8n.test', apiKey: 'n8n_api_later_0123456789' });
      await feed.addInstance({ name: 'Later again', url: 'http://later-n8n.test/', apiKey: 'n8n_api_later_0123456789' });
      const listed = await apiClient(server.url).call<{ data: { items: { url: string }[] } }>('GET', '/api/v1/instances?limit=100', { token: session.accessToken });
      expect(listed.body.data.items.filter((i) => normalizeBaseUrl(i.url) === 'http://later-n8n.test')).toHaveLength(1);
      expect((await feed.view('http://later-n8n.test', 'wf1')).state).not.toBe('notOnServer');
    } finally {
      feed.reset();
    }
  });
});
