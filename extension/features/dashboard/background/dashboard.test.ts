// @vitest-environment node
// The dashboard's background half against a real AI-HTTP server process (embedded store): the
// page's messages answer with the server's read models, validated; an expired access token is
// refreshed once for calls made together (the server ends a session whose refresh token is used
// twice); without an account the page hears how to connect one.
import 'fake-indexeddb/auto';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startServerProcess } from '../../../../tests/support/server-process.ts';
import { AiHttpDatabase } from '../../../background/db.ts';
import { createServerApi } from '../../../background/server/api.ts';
import { ServerStream } from '../../../background/server/stream.ts';
import { sendDashboardMessage } from '../protocol.ts';
import { registerDashboardBackground } from './index.ts';

describe('dashboard background', () => {
  let server: { url: string; child: ChildProcess };
  let dataDir: string;
  let db: AiHttpDatabase;
  let unregister: () => void;
  const account = { email: `dash-bg-${Date.now()}@example.com`, password: 'unit-Password-123!' };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ai-http-dashboard-bg-'));
    const { DATABASE_URL: _db, REDIS_URL: _redis, ...env } = process.env;
    server = await startServerProcess({ ...env, NODE_ENV: 'test', AIHTTP_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn', POLLER_ENABLED: 'false', ENCRYPTION_KEY: Buffer.alloc(32, 5).toString('base64'), JWT_SECRET: 'b'.repeat(48) });
    const registered = await fetch(`${server.url}/api/v1/auth/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...account, name: 'Unit' }) });
    expect(registered.status).toBe(201);
  }, 90_000);
  afterAll(() => {
    server?.child.kill('SIGKILL');
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });
  beforeEach(() => {
    fakeBrowser.reset();
    db = new AiHttpDatabase(`dashboard-${crypto.randomUUID()}`);
    unregister = registerDashboardBackground(db, new ServerStream({ loadSession: () => db.session(), saveSession: (session) => db.saveSession(session) }));
  });
  afterEach(() => {
    unregister();
    db.close();
  });

  it('tells the page to connect a server or add an n8n when it has neither (with an n8n added, it reads a sample: dashboard.e2e.ts)', async () => {
    expect(await sendDashboardMessage('dashboardStats', { range: '24h' })).toEqual({ ok: false, error: { code: 'UNAUTHENTICATED', message: 'The dashboard needs an AI-HTTP server, or an n8n instance added in the options page.' } });
    expect(await sendDashboardMessage('dashboardFailures', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('answers with the read models, refreshing an expired token once for calls made together', async () => {
    const session = await createServerApi(server.url).login(account.email, account.password);
    await db.saveSession({ ...session, accessToken: 'expired' });
    const [stats, workflows, failures] = await Promise.all([sendDashboardMessage('dashboardStats', { range: '24h' }), sendDashboardMessage('dashboardWorkflows', { range: '30d' }), sendDashboardMessage('dashboardFailures', {})]);
    expect(stats).toMatchObject({ ok: true, value: { v: 1, range: '24h', bucket: 'hour', totals: { runs: 0 }, previous: { runs: 0 } } });
    expect(stats.ok && stats.value.buckets.length).toBeGreaterThanOrEqual(24);
    expect(workflows).toMatchObject({ ok: true, value: { v: 1, range: '30d', items: [] } });
    expect(failures).toEqual({ ok: true, value: { items: [], nextCursor: null } });
    // One refresh: the renewed session is kept, and the old refresh token is spent.
    const renewed = (await db.session())!;
    expect(renewed.accessToken).not.toBe('expired');
    expect(renewed.refreshToken).not.toBe(session.refreshToken);
    expect(await sendDashboardMessage('dashboardStats', { range: '7d' })).toMatchObject({ ok: true, value: { range: '7d', bucket: 'day' } });
  }, 30_000);

  it('refuses a range the server does not read, and says what the server answers to a bad cursor', async () => {
    await db.saveSession(await createServerApi(server.url).login(account.email, account.password));
    expect(await sendDashboardMessage('dashboardStats', { range: '1y' as '7d' })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    const bad = await sendDashboardMessage('dashboardFailures', { cursor: 'not-a-cursor' });
    expect(bad.ok).toBe(false);
    expect(bad.ok || bad.error.code).not.toBe('SERVER_UNREACHABLE');
  }, 30_000);
});
