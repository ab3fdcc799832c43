// The server process is killed (SIGKILL) while a device's push is in flight, then started again
// on the same store (Postgres, or the embedded data folder): the push applied whole or not at all,
// the device's retry applies it exactly once, and two devices converge.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { startServerProcess } from '../../tests/support/server-process.ts';
import { apiClient, signUp, storeEnv } from './helpers.ts';
import { SyncDevice } from './sync-device.ts';

const request = { v: 1, method: 'GET', url: 'https://api.example.test/orders' };

describe('sync across a server crash', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ai-http-sync-crash-'));
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const child of children) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });
  const env = {
    ...process.env,
    ...storeEnv(dataDir),
    PORT: '0',
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MINUTE: '1000000',
    ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
    JWT_SECRET: 'sync-crash-test-secret-that-is-long-enough-000',
  };
  const start = async () => {
    const started = await startServerProcess(env, { timeoutMs: 60_000 });
    children.push(started.child);
    return started;
  };

  it('a push cut by SIGKILL applies whole or not at all; the retry after the restart applies it once; devices converge', async () => {
    const first = await start();
    const user = await signUp(apiClient(first.url), 'crash');
    const a = new SyncDevice(first.url, user.accessToken, 'a');
    for (let i = 0; i < 400; i++) a.write({ op: 'create', entity: 'savedRequest', id: `r${i}`, fields: { kind: 'request', name: `R${i}`, tags: [], request, values: {} } });

    // The push is on its way (400 mutations take a while to apply) when the process dies.
    const inFlight = a.push().then(
      () => 'answered',
      () => 'cut',
    );
    await new Promise((r) => setTimeout(r, 60));
    first.child.kill('SIGKILL');
    const firstOutcome = await inFlight;

    const second = await start();
    const retry = new SyncDevice(second.url, user.accessToken, 'a');
    Object.assign(retry.state, a.state);
    const answer = await retry.push();
    const statuses = new Set(answer?.results.map((result) => result.status));
    // Never a mix: the cut push committed all 400 (the retry is all duplicates) or none (all applied now).
    expect(statuses.size).toBe(1);
    if (firstOutcome === 'answered') expect([...statuses]).toEqual(['duplicate']);
    expect(answer?.lastMutationId).toBe(400);
    await retry.pull();
    expect(retry.state.outbox).toEqual([]);

    const b = new SyncDevice(second.url, user.accessToken, 'b');
    await b.pull(100);
    expect(b.visible().size).toBe(400);
    expect(b.visible()).toEqual(retry.visible());
    console.log(`sync crash: the push was ${firstOutcome === 'answered' ? 'answered before the kill' : 'cut'}; the retry found it ${[...statuses][0] === 'duplicate' ? 'committed' : 'not committed'}`);
  }, 180_000);
});
