import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { WebSocket } from 'ws';
import type { ExecutionDigest } from '@ai-http/shared/n8n/digest-schema';
import { parseTopic, serverMessageSchema, WS_CLOSE, type ExecutionEvent, type ServerMessage } from '@ai-http/shared/realtime/protocol';
import { loadConfig } from '../src/config.ts';
import { createKv, type Kv } from '../src/infra/kv.ts';
import { ExecutionEventLog } from '../src/modules/stream/event-log.ts';
import { createRealtimeGateway, type GatewayOptions, type RealtimeGateway } from '../src/modules/stream/gateway.ts';
import { storeEnv, TcpRelay } from './helpers.ts';

// The gateway on the store this project runs on (Redis streams + pub/sub, or the in-process
// stand-ins). Who owns which instance is a table here; the auth module's real tokens are
// exercised by the end-to-end stream test.
const TOKENS: Record<string, string> = { 'token-alice': 'alice', 'token-bob': 'bob' };
const OWNED: Record<string, string> = { 'inst-a': 'alice', 'inst-b': 'bob' };

function digest(executionId: string, workflowId: string, padding = 0): ExecutionDigest {
  return {
    v: 1,
    executionId,
    workflowId,
    status: 'error',
    mode: 'webhook',
    startedAt: '2026-11-24T10:00:00.000Z',
    stoppedAt: '2026-11-24T10:00:01.000Z',
    durationMs: 1000,
    retryOf: null,
    failingNode: { name: 'Call API', type: 'n8n-nodes-base.httpRequest', parameters: {} },
    error: { category: 'connection', name: 'NodeApiError', message: 'connect ECONNREFUSED', httpCode: null, description: null },
    explanation: null,
    fixes: [],
    inputItems: { items: padding ? [{ json: { blob: 'x'.repeat(padding) } }] : [], total: padding ? 1 : 0, truncated: false },
    executionPath: ['Webhook', 'Call API'],
    timings: [],
  };
}

const event = (instanceId: string, workflowId: string, executionId: string, padding = 0): ExecutionEvent => ({
  type: 'execution.failed',
  instanceId,
  workflowId,
  executionId,
  digest: digest(executionId, workflowId, padding),
});

class Client {
  readonly messages: ServerMessage[] = [];
  readonly socket: WebSocket;
  private waiters: (() => void)[] = [];
  constructor(url: string, headers: Record<string, string> = {}) {
    this.socket = new WebSocket(url, { headers });
    this.socket.on('message', (raw) => {
      this.messages.push(serverMessageSchema.parse(JSON.parse(raw.toString())));
      for (const wake of this.waiters.splice(0)) wake();
    });
  }
  async open() {
    await once(this.socket, 'open');
    return this;
  }
  send(message: unknown) {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }
  async waitFor<T extends ServerMessage['type']>(type: T, count = 1, timeoutMs = 5_000): Promise<Extract<ServerMessage, { type: T }>[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.filter((m): m is Extract<ServerMessage, { type: T }> => m.type === type);
      if (found.length >= count) return found;
      if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${count} "${type}", got ${JSON.stringify(this.messages)}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }
  events() {
    return this.messages.flatMap((m) => (m.type === 'event' ? [m] : []));
  }
  async closed(): Promise<number> {
    if (this.socket.readyState === WebSocket.CLOSED) throw new Error('already closed');
    const [code] = (await once(this.socket, 'close')) as [number];
    return code;
  }
}

describe('realtime gateway on /ws', () => {
  let kv: Kv;
  let server: Server;
  let gateway: RealtimeGateway;
  let eventLog: ExecutionEventLog;
  let url: string;
  const clients: Client[] = [];

  async function start(overrides: Partial<GatewayOptions> = {}) {
    gateway = await createRealtimeGateway({
      eventLog,
      logger: pino({ level: 'silent' }),
      authenticate: async (token) => (TOKENS[token] ? { userId: TOKENS[token], sessionId: token, expiresAt: Date.now() + 3_600_000 } : null),
      canSubscribe: async (userId, topic) => OWNED[parseTopic(topic)?.instanceId ?? ''] === userId,
      isAllowedOrigin: (origin) => /^(chrome|moz)-extension:\/\//.test(origin),
      ...overrides,
    });
    server = createServer((_req, res) => res.end());
    gateway.attach(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    url = `ws://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/ws`;
  }
  async function connect(token = 'token-alice', headers: Record<string, string> = {}) {
    const client = await new Client(url, headers).open();
    clients.push(client);
    if (token) {
      client.send({ type: 'hello', token });
      await client.waitFor('ready');
    }
    return client;
  }

  beforeAll(async () => {
    const config = loadConfig(storeEnv(mkdtempSync(join(tmpdir(), 'ai-http-ws-'))));
    kv = createKv(config.redis);
    eventLog = new ExecutionEventLog(kv);
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.socket.terminate();
    await gateway?.close();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });
  afterAll(() => kv?.close());

  it('streams events for the topics a user owns, and only those', async () => {
    await start();
    const alice = await connect();
    alice.send({ type: 'subscribe', topics: ['workflow:inst-a:wf1'] });
    await alice.waitFor('subscribed');
    await eventLog.publish(event('inst-a', 'wf2', 'e0'));
    await eventLog.publish(event('inst-a', 'wf1', 'e1'));
    const [received] = await alice.waitFor('event');
    expect(received!.event.executionId).toBe('e1');
    expect(received!.topics).toEqual(['workflow:inst-a:wf1']);
    expect(alice.events().map((e) => e.event.executionId)).toEqual(['e1']);
  });

  it("answers another user's instance like a missing one, and keeps the connection", async () => {
    await start();
    const alice = await connect();
    alice.send({ type: 'subscribe', topics: ['instance:inst-b'] });
    const [error] = await alice.waitFor('error');
    expect(error!.error.code).toBe('NOT_FOUND');
    alice.send({ type: 'subscribe', topics: ['instance:no-such'] });
    const errors = await alice.waitFor('error', 2);
    expect(errors[1]!.error).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('No such topic') });
    await eventLog.publish(event('inst-b', 'wf1', 'secret'));
    alice.send({ type: 'ping' });
    await alice.waitFor('pong');
    expect(alice.events()).toEqual([]);
  });

  it('answers a malformed message with an error frame and stays open', async () => {
    await start();
    const alice = await connect();
    alice.send('{not json');
    alice.send({ type: 'subscribe', topics: ['../../etc'] });
    alice.send({ type: 'launch-missiles' });
    const errors = await alice.waitFor('error', 3);
    expect(errors.map((e) => e.error.code)).toEqual(['INVALID_JSON', 'VALIDATION_FAILED', 'VALIDATION_FAILED']);
    alice.send({ type: 'subscribe', topics: ['instance:inst-a'] });
    await alice.waitFor('subscribed');
    expect(alice.socket.readyState).toBe(WebSocket.OPEN);
  });

  it('refuses to subscribe before hello, and closes on a bad token', async () => {
    await start();
    const anonymous = await connect('');
    anonymous.send({ type: 'subscribe', topics: ['instance:inst-a'] });
    const [error] = await anonymous.waitFor('error');
    expect(error!.error.code).toBe('UNAUTHENTICATED');
    const closed = anonymous.closed();
    anonymous.send({ type: 'hello', token: 'forged' });
    expect(await closed).toBe(WS_CLOSE.UNAUTHORIZED);
  });

  it('closes a client that never says hello', async () => {
    await start({ helloTimeoutMs: 200 });
    const silent = await connect('');
    expect(await silent.closed()).toBe(WS_CLOSE.HELLO_TIMEOUT);
  });

  it('admits extension origins and closes web pages from other origins', async () => {
    await start();
    const page = await new Client(url, { Origin: 'https://evil.example' }).open();
    clients.push(page);
    expect(await page.closed()).toBe(WS_CLOSE.FORBIDDEN_ORIGIN);
    const extension = await connect('token-alice', { Origin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop' });
    expect(extension.socket.readyState).toBe(WebSocket.OPEN);
  });

  it('replays what a reconnecting client missed, then streams live, with no duplicates or gaps', async () => {
    await start();
    const ids: string[] = [];
    for (let i = 1; i <= 5; i++) ids.push(await eventLog.publish(event('inst-a', 'wf1', `r${i}`)));
    const alice = await connect();
    alice.send({ type: 'subscribe', topics: ['instance:inst-a', 'workflow:inst-a:wf1'], lastEventId: ids[1] });
    const [subscribed] = await alice.waitFor('subscribed');
    expect(subscribed!.replayed).toBe(3);
    await eventLog.publish(event('inst-a', 'wf1', 'r6'));
    await alice.waitFor('event', 4);
    const received = alice.events();
    expect(received.map((e) => e.event.executionId)).toEqual(['r3', 'r4', 'r5', 'r6']);
    // Both topics match each event; it arrives once, naming both.
    expect(received[0]!.topics).toEqual(['instance:inst-a', 'workflow:inst-a:wf1']);
  });

  it('closes a slow consumer once its bounded buffer fills, instead of buffering forever', async () => {
    await start({ maxBufferedBytes: 256 * 1024 });
    const alice = await connect();
    alice.send({ type: 'subscribe', topics: ['instance:inst-a'] });
    await alice.waitFor('subscribed');
    // Stop reading: the kernel buffers fill, then the server's own buffer.
    (alice.socket as unknown as { _socket: { pause(): void } })._socket.pause();
    // Events just under the stream's cap (MAX_EVENT_BYTES): larger ones lose their items.
    for (let i = 0; i < 600 && gateway.connectionCount() > 0; i++) await eventLog.publish(event('inst-a', 'wf1', `big${i}`, 60_000));
    const deadline = Date.now() + 5_000;
    while (gateway.connectionCount() > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(gateway.connectionCount()).toBe(0);
  });

  it('tells a slow consumer why it was dropped (4009) once it reads its backlog, instead of cutting it (1006)', async () => {
    await start({ maxBufferedBytes: 256 * 1024 });
    const alice = await connect();
    alice.send({ type: 'subscribe', topics: ['instance:inst-a'] });
    await alice.waitFor('subscribed');
    const closed = alice.closed();
    const raw = (alice.socket as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    raw.pause();
    for (let i = 0; i < 600 && gateway.connectionCount() > 0; i++) await eventLog.publish(event('inst-a', 'wf1', `slow${i}`, 60_000));
    expect(gateway.connectionCount()).toBe(0);
    // Slower than a second to catch up (the close used to be cut after one), then reads everything.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    raw.resume();
    expect(await closed).toBe(WS_CLOSE.SLOW_CONSUMER);
  });

  it('terminates sockets that stop answering pings', async () => {
    await start({ pingIntervalMs: 100 });
    const alice = await connect();
    const healthy = await connect('token-bob');
    (alice.socket as unknown as { _socket: { pause(): void } })._socket.pause();
    const deadline = Date.now() + 3_000;
    while (gateway.connectionCount() > 1 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(gateway.connectionCount()).toBe(1);
    healthy.send({ type: 'ping' });
    await healthy.waitFor('pong');
  });

  // Only Redis is shared between processes; the embedded stand-in is one process by design.
  if (inject('store').kind === 'postgres') it('fans out across processes through Redis: published by one, delivered by another', async () => {
    await start();
    const alice = await connect();
    alice.send({ type: 'subscribe', topics: ['instance:inst-a'] });
    await alice.waitFor('subscribed');
    // A second, independent Redis connection and event log: what another server process has.
    const otherKv = createKv(loadConfig(storeEnv(mkdtempSync(join(tmpdir(), 'ai-http-ws-')))).redis);
    try {
      const id = await new ExecutionEventLog(otherKv).publish(event('inst-a', 'wf9', 'from-b'));
      const [received] = await alice.waitFor('event');
      expect(received).toMatchObject({ id, event: { executionId: 'from-b' } });
    } finally {
      await otherKv.close();
    }
  });
});

// Redis restarts or the connection drops: the gateway's subscription comes back, but what was
// published meanwhile never reached it. It reads those events from the stream when it is back.
if (inject('store').kind === 'postgres') {
  describe('realtime gateway whose Redis subscription drops', () => {
    it('sends the events published while its subscription was down once it is back, then live ones, in order', async () => {
      const config = loadConfig(storeEnv(mkdtempSync(join(tmpdir(), 'ai-http-ws-'))));
      if (config.redis.kind !== 'redis') throw new Error('this test needs Redis');
      const target = new URL(config.redis.url);
      const relay = new TcpRelay({ host: target.hostname, port: Number(target.port || 6379) });
      await relay.open();
      const keyPrefix = `${config.redis.keyPrefix}resub${Date.now()}:`;
      // The gateway reaches Redis through the relay; the publisher (another process) directly.
      const gatewayKv = createKv({ ...config.redis, url: `redis://127.0.0.1:${relay.port}`, keyPrefix });
      const publisherKv = createKv({ ...config.redis, keyPrefix });
      const publisher = new ExecutionEventLog(publisherKv);
      const gateway = await createRealtimeGateway({
        eventLog: new ExecutionEventLog(gatewayKv),
        logger: pino({ level: 'silent' }),
        authenticate: async (token) => (TOKENS[token] ? { userId: TOKENS[token], sessionId: token, expiresAt: Date.now() + 3_600_000 } : null),
        canSubscribe: async (userId, topic) => OWNED[parseTopic(topic)?.instanceId ?? ''] === userId,
        isAllowedOrigin: () => true,
      });
      const server = createServer((_req, res) => res.end());
      gateway.attach(server);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const client = await new Client(`ws://127.0.0.1:${(server.address() as { port: number }).port}/ws`).open();
      try {
        client.send({ type: 'hello', token: 'token-alice' });
        await client.waitFor('ready');
        client.send({ type: 'subscribe', topics: ['instance:inst-a'] });
        await client.waitFor('subscribed');
        await publisher.publish(event('inst-a', 'wf1', 'before'));
        await client.waitFor('event', 1);

        await relay.cut();
        await new Promise((r) => setTimeout(r, 300));
        await publisher.publish(event('inst-a', 'wf1', 'during-1'));
        await publisher.publish(event('inst-a', 'wf1', 'during-2'));
        await relay.open(); // the same port: ioredis reconnects and subscribes again
        await client.waitFor('event', 3, 15_000);
        await publisher.publish(event('inst-a', 'wf1', 'after'));
        await client.waitFor('event', 4, 5_000);
        await new Promise((r) => setTimeout(r, 200));
        expect(client.events().map((e) => e.event.executionId)).toEqual(['before', 'during-1', 'during-2', 'after']);
      } finally {
        client.socket.terminate();
        await gateway.close();
        server.closeAllConnections();
        server.close();
        await gatewayKv.close();
        await relay.cut();
        await publisherKv.del('events:executions'); // the only key made, under this test's prefix
        await publisherKv.close();
      }
    }, 30_000);
  });
}
