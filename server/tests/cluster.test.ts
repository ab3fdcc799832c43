// Three server processes under faults, against the real n8n. The suite runs its own Postgres
// (initdb + pg_ctl on a free port) and its own Redis (redis-server on a free port, nothing saved),
// so it can stop and restart them, and spawns the server's main entry three times (A, B, C).
// Every client follows one webhook workflow that fails at once (its HTTP node calls a closed
// port); what each client received is counted against the executions n8n made.
// Its own vitest project (server-cluster, in `npm test`): it needs no store from the other projects.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerMessage } from '@ai-http/shared/realtime/protocol';
import { closedPort, createWebhookWorkflow, n8nApi, n8nUnderTest, type WebhookWorkflow } from '../../tests/support/n8n.ts';
import { startServerProcess } from '../../tests/support/server-process.ts';
import { apiClient, signUp, type ApiClient } from './helpers.ts';
import { StreamClient } from './stream-client.ts';

const run = promisify(execFile);
const PG_BIN = '/usr/lib/postgresql/15/bin';
const REDIS_SERVER = '/usr/bin/redis-server';
const PREFIX = 'aihttp:cluster:';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Postgres refuses to run as root: as root, its commands run as the `postgres` user, in a folder it owns. */
const asRoot = process.getuid?.() === 0;
async function pgCommand(binary: string, args: string[]) {
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(PG_BIN, binary), ...args]] : [join(PG_BIN, binary), args];
  return run(cmd, argv, { timeout: 60_000 });
}

class OwnPostgres {
  readonly dir = mkdtempSync(join(tmpdir(), 'ai-http-cluster-pg-'));
  port = 0;
  get url() {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }
  async init() {
    if (asRoot) {
      const { stdout } = await run('id', ['-u', 'postgres']);
      const { stdout: gid } = await run('id', ['-g', 'postgres']);
      chownSync(this.dir, Number(stdout.trim()), Number(gid.trim()));
    }
    this.port = await closedPort();
    await pgCommand('initdb', ['-D', join(this.dir, 'data'), '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  }
  async start() {
    await pgCommand('pg_ctl', ['-D', join(this.dir, 'data'), '-l', join(this.dir, 'log'), '-w', '-o', `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start']);
  }
  async stop() {
    await pgCommand('pg_ctl', ['-D', join(this.dir, 'data'), '-m', 'fast', '-w', 'stop']);
  }
}

class OwnRedis {
  port = 0;
  private child: ChildProcess | undefined;
  get url() {
    return `redis://127.0.0.1:${this.port}`;
  }
  async start() {
    this.port ||= await closedPort();
    const child = spawn(REDIS_SERVER, ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 10_000;
    while (!output.includes('Ready to accept connections')) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`redis-server did not start: ${output}`);
      await sleep(20);
    }
  }
  async stop() {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
}

interface Proc {
  name: string;
  url: string;
  child: ChildProcess;
  log: string[];
}

/** A client that, when its process goes away, reconnects to another one with its last event id. */
class Follower {
  readonly client = new StreamClient();
  on: Proc | undefined;
  /** While set, the follower stays away after a drop (to test replay of what it missed). */
  hold = false;
  readonly moves: { from: string; to: string; lastEventId: string | undefined }[] = [];
  private readonly timer: NodeJS.Timeout;
  private connecting = false;
  readonly name: string;
  private readonly token: string;
  private readonly topic: string;
  private readonly live: () => Proc[];
  constructor(name: string, token: string, topic: string, live: () => Proc[]) {
    [this.name, this.token, this.topic, this.live] = [name, token, topic, live];
    this.timer = setInterval(() => void this.reconnect(), 100);
  }
  async connect(proc: Proc, lastEventId?: string) {
    await this.client.connect(proc.url, this.token, [this.topic], lastEventId);
    this.on = proc;
  }
  private async reconnect() {
    if (!this.client.closed || this.hold || this.connecting || !this.on) return;
    this.connecting = true;
    try {
      const from = this.on;
      const target = this.live().find((p) => p !== from && p.child.exitCode === null);
      if (!target) return;
      const lastEventId = this.client.events.at(-1)?.id;
      await this.connect(target, lastEventId).catch(() => undefined);
      if (this.on === target) this.moves.push({ from: from.name, to: target.name, lastEventId });
    } finally {
      this.connecting = false;
    }
  }
  /** Execution ids of the failed events received, in order (duplicates kept). */
  failed() {
    return this.client.events.filter((e) => e.event.type === 'execution.failed').map((e) => e.event.executionId);
  }
  stop() {
    clearInterval(this.timer);
    this.client.socket?.terminate();
  }
}

describe('three server processes under faults (own Postgres and Redis, real n8n)', () => {
  const n8n = n8nUnderTest();
  const postgres = new OwnPostgres();
  const redis = new OwnRedis();
  const dataDir = mkdtempSync(join(tmpdir(), 'ai-http-cluster-data-'));
  const procs = new Map<string, Proc>();
  const followers: Follower[] = [];
  let probe: Redis;
  let api: ApiClient;
  let token = '';
  let instanceId = '';
  let workflow: WebhookWorkflow;
  let topic = '';
  let triggered = 0;
  const began = Date.now();

  const env = (): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH,
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'warn',
    DATABASE_URL: postgres.url,
    REDIS_URL: redis.url,
    REDIS_KEY_PREFIX: PREFIX,
    AIHTTP_DATA_DIR: dataDir,
    ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
    JWT_SECRET: 'k'.repeat(48),
    POLLER_ENABLED: 'true',
    ALLOW_PRIVATE_N8N: 'true',
    RATE_LIMIT_PER_MINUTE: '1000000',
    REGISTER_LIMIT_PER_HOUR: '1000000',
  });

  async function startProc(name: string): Promise<Proc> {
    const { url, child } = await startServerProcess(env(), { timeoutMs: 60_000 });
    const log: string[] = [];
    const keep = (chunk: Buffer) => {
      log.push(chunk.toString());
      if (log.length > 200) log.shift();
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    const proc = { name, url, child, log };
    procs.set(name, proc);
    return proc;
  }
  /** SIGTERM (a graceful stop, as in a rolling deploy) and wait for the exit. */
  async function stopProc(proc: Proc) {
    if (proc.child.exitCode !== null) return;
    const exited = new Promise((r) => proc.child.once('exit', r));
    proc.child.kill('SIGTERM');
    await exited;
  }
  const live = () => ['B', 'C', 'A'].map((n) => procs.get(n)!).filter((p) => p && p.child.exitCode === null);
  const proc = (name: string) => procs.get(name)!;

  /** The process (by name) whose poller holds the instance's lease, or null. */
  async function leaseHolder(): Promise<string | null> {
    const holder = await probe.get(`${PREFIX}poll:lease:${instanceId}`).catch(() => null);
    if (!holder) return null;
    const pid = Number(holder.split('|')[0]!.split(':')[1]);
    return [...procs.values()].find((p) => p.child.pid === pid && p.child.exitCode === null)?.name ?? `gone(${pid})`;
  }

  const trigger = async () => {
    triggered++;
    const res = await workflow.trigger({ n: triggered });
    expect(res.status).toBe(200);
  };

  /** Every execution of the workflow n8n made and finished (it fails at once, so all of them). */
  async function made(): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await n8nApi<{ data: { id: string; status: string }[]; nextCursor?: string | null }>(n8n, `/executions?workflowId=${workflow.id}&limit=250${cursor ? `&cursor=${cursor}` : ''}`);
      ids.push(...page.data.map((e) => e.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return ids.sort((a, b) => Number(a) - Number(b));
  }

  /** Waits until n8n has run every trigger and every client has every one of them; then checks nothing came twice. */
  async function everyoneHasAll(timeoutMs = 30_000) {
    const deadline = Date.now() + timeoutMs;
    let ids: string[] = [];
    for (;;) {
      ids = await made();
      const missing = followers.map((f) => ({ f: f.name, missing: ids.filter((id) => !f.failed().includes(id)) }));
      if (ids.length === triggered && missing.every((m) => m.missing.length === 0)) break;
      if (Date.now() > deadline) throw new Error(`after ${timeoutMs} ms: n8n made ${ids.length} of ${triggered}; missing per client ${JSON.stringify(missing)}; lease ${await leaseHolder()}; logs ${[...procs.values()].map((p) => `${p.name}: ${p.log.join('').slice(-1500)}`).join('\n')}`);
      await sleep(200);
    }
    for (const f of followers) {
      const received = f.failed();
      expect(new Set(received).size, `${f.name} received an execution twice: ${received.join(',')}`).toBe(received.length);
      const eventIds = f.client.events.map((e) => e.id);
      expect(new Set(eventIds).size, `${f.name} received an event id twice`).toBe(eventIds.length);
      expect([...received].sort((a, b) => Number(a) - Number(b))).toEqual(ids);
    }
    return ids;
  }

  beforeAll(async () => {
    await postgres.init();
    await postgres.start();
    await redis.start();
    probe = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
    probe.on('error', () => undefined);
    await probe.connect();
    // A alone first: it migrates the empty database and takes the instance's lease.
    const a = await startProc('A');
    api = apiClient(a.url);
    const user = await signUp(api, 'cluster');
    token = user.accessToken;
    const instance = await api.call<{ data: { id: string } }>('POST', '/api/v1/instances', { token, body: { name: 'n8n', url: n8n.url, apiKey: n8n.apiKey } });
    expect(instance.status, JSON.stringify(instance.body)).toBe(201);
    instanceId = instance.body.data.id;
    workflow = await createWebhookWorkflow(n8n, `http://127.0.0.1:${await closedPort()}/orders`, `AI-HTTP cluster ${Date.now()}`);
    topic = `workflow:${instanceId}:${workflow.id}`;
    const deadline = Date.now() + 30_000;
    for (;;) {
      const { body } = await api.call<{ data: { status: string; lastSync: string | null } }>('GET', `/api/v1/instances/${instanceId}`, { token });
      if (body.data.status === 'CONNECTED' && body.data.lastSync && (await leaseHolder()) === 'A') break;
      if (Date.now() > deadline) throw new Error(`A never polled the instance: ${JSON.stringify(body.data)}`);
      await sleep(100);
    }
    await startProc('B');
    await startProc('C');
    for (const name of ['A', 'B', 'C']) {
      const follower = new Follower(`client on ${name}`, token, topic, live);
      await follower.connect(proc(name));
      followers.push(follower);
    }
  }, 180_000);

  afterAll(async () => {
    const executions = workflow ? await made().catch(() => []) : [];
    console.log(`\n[cluster] executions n8n made: ${executions.length} (triggered ${triggered}); suite ${Math.round((Date.now() - began) / 1000)} s`);
    for (const f of followers) {
      const received = f.failed();
      const missed = executions.filter((id) => !received.includes(id)).length;
      console.log(`[cluster] ${f.name}: ${received.length} events received, ${new Set(received).size} distinct, ${missed} missed, ${received.length - new Set(received).size} duplicated; moves ${JSON.stringify(f.moves.map((m) => `${m.from}->${m.to}`))}`);
      f.stop();
    }
    for (const p of procs.values()) p.child.kill('SIGKILL');
    probe?.disconnect();
    await redis.stop().catch(() => undefined);
    await postgres.stop().catch(() => undefined);
    rmSync(postgres.dir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('a client on C receives the executions polled by A, the lease holder', async () => {
    expect(await leaseHolder()).toBe('A');
    for (let i = 0; i < 3; i++) await trigger();
    await everyoneHasAll();
    expect(followers[2]!.failed()).toHaveLength(3);
    expect(await leaseHolder()).toBe('A');
  }, 60_000);

  it('kill -9 of A: the lease moves within 5 s, and the client that was on A misses and repeats nothing through B', async () => {
    const onA = followers[0]!;
    onA.hold = true;
    const killedAt = Date.now();
    proc('A').child.kill('SIGKILL');
    let movedAfter = -1;
    let nextTrigger = 0;
    while (Date.now() - killedAt < 15_000) {
      // One execution every 500 ms while no process polls.
      if (Date.now() >= nextTrigger) {
        await trigger();
        nextTrigger = Date.now() + 500;
      }
      const holder = await leaseHolder();
      if (holder === 'B' || holder === 'C') {
        movedAfter = Date.now() - killedAt;
        break;
      }
      await sleep(50);
    }
    console.log(`[cluster] lease moved ${movedAfter} ms after kill -9 of A, to ${await leaseHolder()}`);
    expect(movedAfter).toBeGreaterThanOrEqual(0);
    expect(movedAfter).toBeLessThanOrEqual(5_000);
    await trigger();
    // B and C get everything; then the client that was on A comes back, through B, with its last id.
    const others = followers.slice(1);
    const deadline = Date.now() + 30_000;
    while (others.some((f) => f.failed().length < triggered)) {
      if (Date.now() > deadline) throw new Error('B and C did not receive the executions made while A was gone');
      await sleep(100);
    }
    expect(onA.client.closed).toBe(true);
    onA.hold = false;
    const deadlineMove = Date.now() + 10_000;
    while (onA.moves.length === 0 && Date.now() < deadlineMove) await sleep(50);
    expect(onA.moves[0]).toMatchObject({ from: 'A', to: 'B', lastEventId: expect.any(String) });
    await everyoneHasAll();
    const subscribed = onA.client.other.filter((m) => m.type === 'subscribed').at(-1) as Extract<ServerMessage, { type: 'subscribed' }>;
    expect(subscribed.replayed).toBeGreaterThanOrEqual(2);
    // A comes back as a fresh process; its client stays on B.
    await startProc('A');
  }, 90_000);

  it('Redis stopped for 10 s: writes succeed, events resume within 5 s of its return, nothing made meanwhile is lost', async () => {
    const before = triggered;
    await redis.stop();
    const stoppedAt = Date.now();
    const created = await apiClient(proc('C').url).call<{ data: { id: string } }>('POST', '/api/v1/templates', { token, body: { service: 'Acme', name: `made while Redis is down ${Date.now()}`, request: { v: 1, method: 'GET', url: 'https://api.example.com' } } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    while (Date.now() - stoppedAt < 10_000) {
      await trigger();
      await sleep(1_000);
    }
    const outage = triggered - before;
    await redis.start();
    const backAt = Date.now();
    // Every client sees the first execution made during the outage within 5 s of Redis' return.
    const firstDuring = async () => (await made())[before]!;
    const first = await firstDuring();
    const deadline = backAt + 15_000;
    const arrivedAfter: number[] = [];
    for (const f of followers) {
      while (!f.failed().includes(first)) {
        if (Date.now() > deadline) throw new Error(`${f.name} got nothing made during the Redis outage 15 s after its return; lease ${await leaseHolder()}`);
        await sleep(25);
      }
      arrivedAfter.push(f.client.events.find((e) => e.event.executionId === first)!.receivedAt - backAt);
    }
    console.log(`[cluster] Redis outage: ${outage} executions made; first of them reached the clients ${arrivedAfter.join(', ')} ms after Redis returned`);
    for (const ms of arrivedAfter) expect(ms).toBeLessThanOrEqual(5_000);
    await everyoneHasAll();
    expect((await apiClient(proc('B').url).call('GET', `/api/v1/templates/${created.body.data.id}`, { token })).status).toBe(200);
  }, 90_000);

  it('Postgres stopped for 10 s: 503 with Retry-After meanwhile, recovery without restarts, no execution lost', async () => {
    const before = triggered;
    await postgres.stop();
    const stoppedAt = Date.now();
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    while (Date.now() - stoppedAt < 10_000) {
      await trigger();
      // A write: it must reach the database (a read may be answered from the cache).
      const answer = await apiClient(proc('B').url).call<{ error: { code: string } }>('POST', '/api/v1/templates', { token, body: { service: 'Acme', name: `made while Postgres is down ${Date.now()}`, request: { v: 1, method: 'GET', url: 'https://api.example.com' } } });
      statuses.push(answer.status);
      if (answer.status === 503) {
        expect(answer.body.error.code).toBe('SERVICE_UNAVAILABLE');
        retryAfter = answer.headers.get('retry-after');
      }
      await sleep(800);
    }
    expect(statuses.filter((s) => s !== 503), `answers during the outage: ${statuses.join(',')}`).toEqual([]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    await postgres.start();
    const backAt = Date.now();
    for (const p of live()) {
      while ((await apiClient(p.url).call('POST', '/api/v1/templates', { token, body: { service: 'Acme', name: `made after Postgres returned ${Date.now()}`, request: { v: 1, method: 'GET', url: 'https://api.example.com' } } })).status !== 201) {
        if (Date.now() - backAt > 15_000) throw new Error(`${p.name} did not recover from the Postgres outage`);
        await sleep(200);
      }
    }
    console.log(`[cluster] Postgres outage: ${triggered - before} executions made; API back ${Date.now() - backAt} ms after Postgres returned`);
    await everyoneHasAll(40_000);
    console.log(`[cluster] Postgres outage: every client had every execution ${Date.now() - backAt} ms after Postgres returned`);
  }, 120_000);

  it('rolling restart of the three processes under one execution per second: 0 missed', async () => {
    let rolling = true;
    const steady = (async () => {
      while (rolling) {
        const next = Date.now() + 1_000;
        await trigger();
        await sleep(Math.max(0, next - Date.now()));
      }
    })();
    try {
      for (const name of ['A', 'B', 'C']) {
        await stopProc(proc(name));
        await startProc(name);
        await sleep(2_000);
      }
    } finally {
      rolling = false;
      await steady;
    }
    await everyoneHasAll(40_000);
    expect(followers.every((f) => f.client.closed === false)).toBe(true);
  }, 180_000);
});
