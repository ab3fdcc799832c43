// Scheduled jobs (infra/jobs.ts) on this project's store: BullMQ job schedulers on real Redis
// (server-postgres), timers in the process (server-embedded), behind the same interface.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { RefreshTokenFamilyRepository } from '../src/modules/auth/repository.ts';
import { UserRepository } from '../src/modules/users/repository.ts';
import { apiClient, signUp, startTestServer, type TestServer } from './helpers.ts';

const store = inject('store');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** One series of /metrics, 0 when it is absent. */
async function metric(server: TestServer, series: string): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe('scheduled jobs', () => {
  const servers: TestServer[] = [];
  const start = async (env: NodeJS.ProcessEnv = {}) => {
    const server = await startTestServer(env);
    servers.push(server);
    return server;
  };
  // Embedded servers take a while to start on a busy machine: one for most tests.
  let server: TestServer;
  beforeAll(async () => {
    server = await start();
  });
  afterAll(async () => {
    for (const each of servers) await each.close();
  });

  it('schedules the server\'s own jobs with fixed ids', { timeout: 90_000 }, async () => {
    const { jobs } = server.app;
    const scheduled = (defined: typeof jobs.defined) => [...defined].filter(([, job]) => job.scheduled).map(([name]) => name).sort();
    expect([...jobs.defined.keys()].sort()).toEqual(['execution-retention', 'session-purge', 'sync-tombstone-compaction', 'workflow-sync']);
    // The poller's jobs are scheduled by the processes that poll only (the test servers do not).
    expect(scheduled(jobs.defined)).toEqual(['session-purge', 'sync-tombstone-compaction']);
    if (store.kind === 'postgres') {
      expect(jobs.kind).toBe('bullmq');
      await jobs.ready();
      const schedulers = await jobs.queue!.getJobSchedulers();
      expect(schedulers.map((s) => [s.key, s.every]).sort()).toEqual([['session-purge', 3_600_000], ['sync-tombstone-compaction', 3_600_000]]);
    } else {
      expect(jobs.kind).toBe('in-process');
      expect(jobs.queue).toBeNull();
    }
    const polling = await start({ POLLER_ENABLED: 'true' });
    expect(scheduled(polling.app.jobs.defined)).toEqual(['execution-retention', 'session-purge', 'sync-tombstone-compaction', 'workflow-sync']);
    if (store.kind === 'postgres') {
      // A scheduler no version defines any more is forgotten; the known ones stay.
      await server.app.jobs.queue!.upsertJobScheduler('dropped-in-a-newer-version', { every: 3_600_000 });
      await server.app.jobs.pruneOthers();
      expect((await server.app.jobs.queue!.getJobSchedulers()).map((s) => s.key).sort()).toEqual(['session-purge', 'sync-tombstone-compaction']);
    }
  });

  it(store.kind === 'postgres' ? 'runs a job once per interval across two app instances sharing Redis' : 'runs a job once per interval in the process (embedded)', { timeout: 30_000 }, async () => {
    const runs: { by: number; at: number }[] = [];
    const name = `tick-${randomUUID().slice(0, 8)}`;
    const apps = store.kind === 'postgres'
      ? await (async () => {
          // Two apps, each with its own connections, on one queue (the same key prefix).
          const env = { REDIS_KEY_PREFIX: `${store.redisKeyPrefix}jobs${randomUUID().slice(0, 8)}:` };
          return [await start(env), await start(env)];
        })()
      : [server];
    apps.forEach((server, by) => server.app.jobs.defineJob(name, 500, async () => void runs.push({ by, at: Date.now() })));
    await Promise.all(apps.map((server) => server.app.jobs.ready()));
    const began = Date.now();
    await sleep(4_200);
    const elapsed = Date.now() - began;
    const times = runs.map((r) => r.at).sort((a, b) => a - b);
    // Once per interval: as many runs as intervals went by (give or take the edges), never two close together.
    expect(times.length).toBeGreaterThanOrEqual(Math.floor(elapsed / 500) - 1);
    expect(times.length).toBeLessThanOrEqual(Math.ceil(elapsed / 500) + 1);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!, `runs ${i - 1} and ${i}`).toBeGreaterThan(300);
    if (store.kind === 'postgres') {
      // Both apps scheduled it and both workers wait on the queue, yet one scheduler exists.
      const schedulers = await apps[0]!.app.jobs.queue!.getJobSchedulers();
      expect(schedulers.filter((s) => s.key === name)).toHaveLength(1);
      expect((await apps[0]!.app.jobs.queue!.getWorkers()).length).toBeGreaterThanOrEqual(2);
    }
  });

  it('retries a failing job with exponential backoff and counts its failures in /metrics', { timeout: 30_000 }, async () => {
    const attempts: number[] = [];
    const flaky = `flaky-${randomUUID().slice(0, 8)}`;
    const broken = `broken-${randomUUID().slice(0, 8)}`;
    // Fails twice, then succeeds: three attempts, 200 ms then 400 ms apart.
    server.app.jobs.defineJob(flaky, 2_500, async () => {
      attempts.push(Date.now());
      if (attempts.length <= 2) throw new Error('n8n is down (test)');
    }, { attempts: 3, backoffMs: 200 });
    server.app.jobs.defineJob(broken, 2_500, async () => {
      throw new Error('always broken (test)');
    }, { attempts: 2, backoffMs: 100 });
    await server.app.jobs.ready();
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && (attempts.length < 3 || (await metric(server, `job_runs_total{job="${broken}",outcome="failed"}`)) < 1)) await sleep(100);
    expect(attempts.length).toBeGreaterThanOrEqual(3);
    const [first, second, third] = attempts as [number, number, number];
    expect(second - first).toBeGreaterThanOrEqual(190);
    expect(third - second).toBeGreaterThanOrEqual(390);
    expect(third - second).toBeLessThan(2_000);
    expect(await metric(server, `job_runs_total{job="${flaky}",outcome="retrying"}`)).toBe(2);
    expect(await metric(server, `job_runs_total{job="${flaky}",outcome="completed"}`)).toBeGreaterThanOrEqual(1);
    expect(await metric(server, `job_runs_total{job="${flaky}",outcome="failed"}`)).toBe(0);
    expect(await metric(server, `job_runs_total{job="${broken}",outcome="retrying"}`)).toBeGreaterThanOrEqual(1);
    expect(await metric(server, `job_runs_total{job="${broken}",outcome="failed"}`)).toBeGreaterThanOrEqual(1);
    expect(await metric(server, `job_duration_seconds_count{job="${flaky}"}`)).toBeGreaterThanOrEqual(3);
  });

  it('opens /admin/queues to admins only', async () => {
    const api = apiClient(server.url);
    const admin = await signUp(api, 'queues-admin');
    const user = await signUp(api, 'queues-user');
    expect(await new UserRepository(server.app.services.database.fork()).setAdmin(admin.email, true)).toBe(true);

    const anonymous = await api.call<{ success: boolean; error: { code: string } }>('GET', '/admin/queues');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toMatchObject({ success: false, error: { code: 'UNAUTHENTICATED' } });
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic /);
    const other = await api.call<{ success: boolean; error: { code: string } }>('GET', '/admin/queues', { token: user.accessToken });
    expect(other.status).toBe(403);
    expect(other.body).toMatchObject({ success: false, error: { code: 'FORBIDDEN' } });
    const otherApi = await api.call('GET', '/admin/queues/api/queues', { token: user.accessToken });
    expect(otherApi.status).toBe(403);

    const basic = (secret: string) => ({ authorization: `Basic ${Buffer.from(`${admin.email}:${secret}`).toString('base64')}` });
    if (store.kind === 'postgres') {
      const page = await fetch(`${server.url}/admin/queues`, { headers: { authorization: `Bearer ${admin.accessToken}` } });
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
      expect(await page.text()).toContain('<base href="/admin/queues');
      // A browser: Basic auth, the access token as the password; the view's own API answers too.
      const queues = await fetch(`${server.url}/admin/queues/api/queues`, { headers: basic(admin.accessToken) });
      expect(queues.status).toBe(200);
      const body = (await queues.json()) as { queues: { name: string }[] };
      expect(body.queues.map((q) => q.name)).toEqual(['scheduled']);
      // A change from another site is refused even with the admin's credentials.
      const forged = await fetch(`${server.url}/admin/queues/api/queues/pause`, { method: 'PUT', headers: { ...basic(admin.accessToken), origin: 'https://evil.example' } });
      expect(forged.status).toBe(403);
    } else {
      const page = await api.call<{ success: boolean; error: { code: string; message: string } }>('GET', '/admin/queues', { headers: basic(admin.accessToken) });
      expect(page.status).toBe(503);
      expect(page.body).toMatchObject({ success: false, error: { code: 'SERVICE_UNAVAILABLE' } });
      expect(page.body.error.message).toMatch(/needs Redis/);
    }
  });

  it('purges expired and long-ended sessions (the job "session-purge"; sync tombstones: retention.test.ts)', async () => {
    const api = apiClient(server.url);
    const user = await signUp(api, 'purge');
    const em = () => server.app.services.database.fork();
    const families = new RefreshTokenFamilyRepository(em());
    const ids = { expired: randomUUID(), endedLongAgo: randomUUID(), endedNow: randomUUID(), live: randomUUID() };
    const day = 86_400_000;
    await families.start({ id: ids.expired, userId: user.id, tokenHash: `h-${ids.expired}`, expiresAt: new Date(Date.now() - 1_000) });
    for (const id of [ids.endedLongAgo, ids.endedNow, ids.live]) await families.start({ id, userId: user.id, tokenHash: `h-${id}`, expiresAt: new Date(Date.now() + 30 * day) });
    await em().getConnection().execute(`update "refresh_token_families" set "revoked_at" = now() - interval '2 days', "revoked_reason" = 'logout' where "id" = ?`, [ids.endedLongAgo]);
    await families.revoke(ids.endedNow, 'logout');
    await new RefreshTokenFamilyRepository(em()).purgeEnded(new Date(Date.now() - day));
    const left = async (id: string) => (await new RefreshTokenFamilyRepository(em()).find(id)) !== null;
    expect({ expired: await left(ids.expired), endedLongAgo: await left(ids.endedLongAgo), endedNow: await left(ids.endedNow), live: await left(ids.live) }).toEqual({ expired: false, endedLongAgo: false, endedNow: true, live: true });
  });
});
