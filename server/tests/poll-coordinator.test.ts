import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { createKv, type Kv } from '../src/infra/kv.ts';
import { markWatched, PollCoordinator, type PollCoordinatorOptions } from '../src/modules/executions/poll-coordinator.ts';
import { storeEnv } from './helpers.ts';

// Coordinators stand for server processes. On Redis each gets its own connection, as separate
// processes would; the embedded stand-in is one process, so they share it.
const onRedis = inject('store').kind === 'postgres';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const fast = { watchedMs: 100, idleMs: 1_000, maxBackoffMs: 800 };

describe('one poller per instance across processes', () => {
  const opened: Kv[] = [];
  const running: PollCoordinator[] = [];
  let shared: Kv | undefined;
  const prefix = `t${Math.random().toString(36).slice(2)}`;
  const ids = (names: string[]) => names.map((n) => `${prefix}-${n}`);

  function kvForProcess(): Kv {
    if (!onRedis) return (shared ??= createKv({ kind: 'memory' }));
    const kv = createKv(loadConfig(storeEnv(mkdtempSync(join(tmpdir(), 'ai-http-poll-')))).redis);
    opened.push(kv);
    return kv;
  }
  function coordinator(owner: string, overrides: Partial<PollCoordinatorOptions> & Pick<PollCoordinatorOptions, 'pollOnce' | 'listInstanceIds'>, kv = kvForProcess()) {
    const c = new PollCoordinator({ kv, owner, intervals: fast, leaseTtlMs: 600, tickMs: 25, ...overrides });
    running.push(c);
    c.start();
    return c;
  }

  afterEach(async () => {
    for (const c of running.splice(0)) await c.stop().catch(() => {});
    for (const kv of opened.splice(0)) await kv.close();
    await shared?.close();
    shared = undefined;
  });

  it('gives each instance to exactly one process, and every instance to someone', async () => {
    const instances = ids(['a', 'b', 'c', 'd']);
    const polls: { owner: string; instance: string }[] = [];
    for (const owner of ['p1', 'p2', 'p3']) {
      coordinator(owner, { listInstanceIds: async () => instances, pollOnce: async (instance) => void polls.push({ owner, instance }) });
    }
    await sleep(1_500);
    for (const instance of instances) {
      const owners = new Set(polls.filter((p) => p.instance === instance).map((p) => p.owner));
      expect(owners.size, `${instance} polled by ${[...owners].join(', ')}`).toBe(1);
    }
    expect(running.flatMap((c) => c.held()).sort()).toEqual([...instances].sort());
  });

  it('hands an instance over when its poller stops, with a larger fencing token', async () => {
    const [instance] = ids(['handover']);
    const fences: { owner: string; fence: number }[] = [];
    const first = coordinator('p1', { listInstanceIds: async () => [instance!], pollOnce: async (_id, fence) => void fences.push({ owner: 'p1', fence }) });
    await sleep(300);
    coordinator('p2', { listInstanceIds: async () => [instance!], pollOnce: async (_id, fence) => void fences.push({ owner: 'p2', fence }) });
    await sleep(300);
    expect(fences.every((f) => f.owner === 'p1')).toBe(true);
    await first.stop();
    await sleep(400);
    const p1 = fences.filter((f) => f.owner === 'p1').map((f) => f.fence);
    const p2 = fences.filter((f) => f.owner === 'p2').map((f) => f.fence);
    expect(p2.length).toBeGreaterThan(0);
    expect(Math.min(...p2)).toBeGreaterThan(Math.max(...p1));
  });

  if (onRedis) {
    it('takes over from a process that died without letting go, once its lease expires', async () => {
      const [instance] = ids(['crash']);
      const polls: string[] = [];
      const doomedKv = kvForProcess();
      coordinator('doomed', { listInstanceIds: async () => [instance!], pollOnce: async () => void polls.push('doomed') }, doomedKv);
      await sleep(200);
      coordinator('survivor', { listInstanceIds: async () => [instance!], pollOnce: async () => void polls.push('survivor') });
      await doomedKv.close(); // the process is gone: no renewals, no release
      const deadline = Date.now() + 3_000;
      while (!polls.includes('survivor') && Date.now() < deadline) await sleep(50);
      expect(polls).toContain('survivor');
      expect(polls.lastIndexOf('doomed')).toBeLessThan(polls.indexOf('survivor'));
    });
  }

  it('polls a watched instance every second and an idle one every thirty (scaled down here)', async () => {
    const [watched, idle] = ids(['watched', 'idle']);
    const kv = kvForProcess();
    await markWatched(kv, watched!, 5_000);
    const counts: Record<string, number> = {};
    coordinator('p1', { listInstanceIds: async () => [watched!, idle!], pollOnce: async (id) => void (counts[id] = (counts[id] ?? 0) + 1) }, kv);
    await sleep(1_000);
    expect(counts[watched!]).toBeGreaterThanOrEqual(6);
    expect(counts[idle!]).toBeLessThanOrEqual(2);
  });

  it('backs off exponentially while an instance is down, and reports why', async () => {
    const [down] = ids(['down']);
    const at: number[] = [];
    const reported: number[] = [];
    coordinator('p1', {
      listInstanceIds: async () => [down!],
      pollOnce: async () => {
        at.push(Date.now());
        throw new Error('connect ECONNREFUSED');
      },
      onError: (_id, error, retryInMs) => {
        expect((error as Error).message).toBe('connect ECONNREFUSED');
        reported.push(retryInMs);
      },
    });
    await sleep(2_000);
    expect(reported.slice(0, 4)).toEqual([200, 400, 800, 800]);
    const gaps = at.slice(1).map((t, i) => t - at[i]!);
    expect(gaps[1]!).toBeGreaterThan(gaps[0]!);
  });

  it("retries at the watched interval, without backing off, while the server's own store is down", async () => {
    const [instance] = ids(['store-down']);
    const reported: number[] = [];
    let calls = 0;
    coordinator('p1', {
      listInstanceIds: async () => [instance!],
      pollOnce: async () => {
        calls++;
        throw new Error(calls <= 3 ? 'store down' : 'n8n down');
      },
      isStoreDown: (error) => (error as Error).message === 'store down',
      onError: (_id, _error, retryInMs) => void reported.push(retryInMs),
    });
    await sleep(1_500);
    // Three store failures at the watched interval (100 ms here), then n8n's backoff starts at its first step.
    expect(reported.slice(0, 5)).toEqual([100, 100, 100, 200, 400]);
  });

  it('renews a lease with exactly the token it handed out, and a new holder gets a larger one', async () => {
    const kv = kvForProcess();
    const [key] = ids(['renew']);
    const first = await kv.lease(key!, 'p1', 60_000);
    // Renewals read the token back from the lease's value: it must come back digit for digit
    // (a token written as 1.79e+15 came back smaller, and every fenced write was refused).
    expect(await kv.lease(key!, 'p1', 60_000)).toBe(first);
    expect(await kv.lease(key!, 'p1', 60_000)).toBe(first);
    expect(Number.isSafeInteger(first)).toBe(true);
    await kv.releaseLease(key!, 'p1');
    const next = await kv.lease(key!, 'p2', 60_000);
    expect(next!).toBeGreaterThan(first!);
    expect(await kv.lease(key!, 'p2', 60_000)).toBe(next);
  });

  it('hands out a larger fencing token after Redis lost its data (restarted without persistence)', async () => {
    const kv = kvForProcess();
    const [key] = ids(['fence']);
    const first = await kv.lease(key!, 'p1', 60_000);
    // What a Redis restarted without its data has: neither the lease nor the fence counter. The
    // store still keeps the old token (poll_fence), so a smaller new one would be refused forever.
    await kv.del(key!, `${key}:fence`);
    if (!onRedis) await kv.releaseLease(key!, 'p1');
    const second = await kv.lease(key!, 'p2', 60_000);
    expect(first).not.toBeNull();
    expect(second!).toBeGreaterThan(first!);
  });
});
