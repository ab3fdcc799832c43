// Push from n8n: the hook file's signed notices. A forged, stale or replayed notice is refused; a
// good one is stored and announced at once, and an execution is announced once whether the hook or
// the poller sees it first. On Postgres, the real hook file runs inside a real n8n that does not
// save successful executions: those are seen through the hook alone.
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { closedPort, createWebhookChain, n8nApi } from '../../tests/support/n8n.ts';
import { apiClient, signUp, startTestServer, suiteServer } from './helpers.ts';
import { StreamClient } from './stream-client.ts';

const HOOK_FILE = resolve(import.meta.dirname, '../n8n-hook/ai-http-hook.js');
const recorded = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../shared/tests/fixtures/executions/http-404.json'), 'utf8')) as Record<string, unknown>;

interface HookView {
  url: string;
  secret: string;
  env: Record<string, string>;
  dockerCompose: string;
  npm: string;
}

/** Posts a notice as the hook file does: HMAC-SHA256 over "<timestamp>.<body>"; `spell` rewrites the signature's text. */
async function post(url: string, secret: string, body: string, timestamp = Date.now(), signWith = secret, spell = (hex: string) => hex) {
  const signature = spell(createHmac('sha256', signWith).update(`${timestamp}.${body}`).digest('hex'));
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-aihttp-timestamp': String(timestamp), 'x-aihttp-signature': signature }, body });
  return { status: res.status, body: (await res.json()) as { data?: { announced: boolean }; error?: { code: string; message: string } } };
}

describe('notices from the n8n hook', () => {
  const suite = suiteServer();

  it('refuses forged, stale and replayed notices; stores and announces a good one once', async () => {
    const { api, server } = suite;
    const user = await signUp(api, 'hook');
    const instance = await api.call<{ data: { id: string } }>('POST', '/api/v1/instances', { token: user.accessToken, body: { name: 'hooked', url: `http://127.0.0.1:${await closedPort()}`, apiKey: 'n8n_api_hook_0123456789' } });
    const id = instance.body.data.id;
    const hook = (await api.call<{ data: HookView }>('GET', `/api/v1/instances/${id}/hook`, { token: user.accessToken })).body.data;
    expect(hook.url).toBe(`${server.url}/api/v1/hooks/n8n/${id}`);
    expect(hook.dockerCompose).toContain(`AIHTTP_HOOK_SECRET=${hook.secret}`);
    expect(hook.npm).toContain(`AIHTTP_HOOK_URL=${hook.url}`);
    // Another user cannot read this instance's secret.
    const other = await signUp(api, 'hook-other');
    expect((await api.call('GET', `/api/v1/instances/${id}/hook`, { token: other.accessToken })).status).toBe(404);

    const client = new StreamClient();
    await client.connect(server.url, user.accessToken, [`instance:${id}`]);
    try {
      const body = JSON.stringify({ ...recorded, v: 1, id: '9001' });
      expect(await post(hook.url, hook.secret, body, Date.now(), 'not-the-secret')).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHENTICATED', message: expect.stringMatching(/AIHTTP_HOOK_SECRET/) } } });
      expect(await post(hook.url, hook.secret, body, Date.now() - 10 * 60_000)).toMatchObject({ status: 401, body: { error: { message: expect.stringMatching(/clocks/) } } });
      const timestamp = Date.now();
      expect(await post(hook.url, hook.secret, body, timestamp)).toMatchObject({ status: 200, body: { data: { announced: true } } });
      expect(await post(hook.url, hook.secret, body, timestamp)).toMatchObject({ status: 409, body: { error: { code: 'CONFLICT' } } });
      // The same signature spelled otherwise (hex digits in capitals, junk after it that hex decoding drops) is the same replay.
      expect(await post(hook.url, hook.secret, body, timestamp, hook.secret, (hex) => hex.toUpperCase())).toMatchObject({ status: 409, body: { error: { code: 'CONFLICT' } } });
      for (const spell of [(hex: string) => `${hex}zz`, (hex: string) => `${hex}0`]) expect((await post(hook.url, hook.secret, body, timestamp, hook.secret, spell)).status).toBe(401);
      // The same execution again (a new signature): stored, not announced twice.
      expect(await post(hook.url, hook.secret, body, timestamp + 1)).toMatchObject({ status: 200, body: { data: { announced: false } } });
      // Another instance's secret does not sign for this one.
      expect((await post(hook.url.replace(id, '00000000-0000-4000-8000-000000000000'), hook.secret, body)).status).toBe(401);

      await client.until(() => client.events.length >= 1, 'the announced execution');
      await new Promise((r) => setTimeout(r, 300));
      expect(client.events.map((e) => [e.event.type, e.event.executionId])).toEqual([['execution.failed', '9001']]);
      expect(client.events[0]!.event.digest).toMatchObject({ status: 'error', error: { category: 'not_found' } });
      const [row] = (await server.app.services.database.orm.em.fork().getConnection().execute('select "status" from "executions" where "instance_id" = ? and "n8n_execution_id" = ?', [id, '9001'])) as { status: string }[];
      expect(row).toEqual({ status: 'error' });
    } finally {
      client.socket?.terminate();
    }
  });
});

if (inject('store').kind === 'postgres') {
  describe('the hook file in a real n8n', () => {
    it('announces at once, also the successes n8n does not save, and never twice with the poller', { timeout: 240_000 }, async () => {
      // @ts-expect-error: a plain .mjs module from the repo's scripts, without type declarations
      const lib = (await import('../../scripts/lib/n8n.mjs')) as { freePort(): Promise<number>; startN8n(options: { port: number; env: Record<string, string> }): Promise<{ url: string; apiKey: string; owner: { email: string; password: string }; stop(): Promise<void> }> };
      const server = await startTestServer({ POLLER_ENABLED: 'true' });
      const api = apiClient(server.url);
      const user = await signUp(api, 'hook-n8n');
      const port = await lib.freePort();
      // The instance first (its id is in the hook's URL), its API key once n8n has made one.
      const instance = await api.call<{ data: { id: string } }>('POST', '/api/v1/instances', { token: user.accessToken, body: { name: 'hooked n8n', url: `http://127.0.0.1:${port}`, apiKey: 'n8n_api_pending_0123456789' } });
      const id = instance.body.data.id;
      const hook = (await api.call<{ data: HookView }>('GET', `/api/v1/instances/${id}/hook`, { token: user.accessToken })).body.data;
      const n8n = await lib.startN8n({ port, env: { EXTERNAL_HOOK_FILES: HOOK_FILE, AIHTTP_HOOK_URL: hook.url, AIHTTP_HOOK_SECRET: hook.secret, EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'none' } });
      const client = new StreamClient();
      try {
        await api.call('PATCH', `/api/v1/instances/${id}`, { token: user.accessToken, body: { apiKey: n8n.apiKey } });
        const target = { url: n8n.url, apiKey: n8n.apiKey, email: n8n.owner.email, password: n8n.owner.password };
        const failing = await createWebhookChain(target, [{ parameters: { url: `http://127.0.0.1:${await closedPort()}/orders`, options: { timeout: 5_000 } }, name: 'Call API', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2 }]);
        const working = await createWebhookChain(target, [{ parameters: { assignments: { assignments: [{ id: 'a', name: 'ok', value: true, type: 'boolean' }] }, options: {} }, name: 'Set', type: 'n8n-nodes-base.set', typeVersion: 3.4 }]);
        await client.connect(server.url, user.accessToken, [`instance:${id}`]);

        expect((await failing.trigger()).status).toBe(200);
        await client.until(() => client.events.some((e) => e.event.type === 'execution.failed'), 'the failure', 10_000);
        const failed = client.events.find((e) => e.event.type === 'execution.failed')!;
        expect(failed.event.digest).toMatchObject({ failingNode: { name: 'Call API' }, error: { category: 'connection' } });

        expect((await working.trigger()).status).toBe(200);
        await client.until(() => client.events.some((e) => e.event.type === 'execution.finished'), 'the success', 10_000);
        const finished = client.events.find((e) => e.event.type === 'execution.finished')!;
        expect(finished.event.workflowId).toBe(working.id);
        // n8n kept no record of it: only the hook could tell.
        const listed = await n8nApi<{ data: { id: string }[] }>(target, `/executions?workflowId=${working.id}`);
        expect(listed.data.map((e) => e.id)).not.toContain(finished.event.executionId);

        // Let the poller go over the failed execution (it lists it): still one announcement each.
        await new Promise((r) => setTimeout(r, 4_000));
        const perExecution = new Map<string, number>();
        for (const e of client.events) if (e.event.type !== 'execution.started') perExecution.set(`${e.event.type}:${e.event.executionId}`, (perExecution.get(`${e.event.type}:${e.event.executionId}`) ?? 0) + 1);
        expect([...perExecution.values()]).toEqual([1, 1]);
        // The hook sent a notice for each (whichever of it and the poller came first announced it;
        // the latency is measured in `npm run bench -- stream-latency`).
        const metrics = await (await fetch(`${server.url}/metrics`)).text();
        const notices = [...metrics.matchAll(/^n8n_hook_notices_total\{announced="(?:true|false)"\} (\d+)/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
        expect(notices).toBe(2);
      } finally {
        client.socket?.terminate();
        await server.close();
        await n8n.stop();
      }
    });
  });
}
