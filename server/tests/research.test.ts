// "Research this API" against the contract test double of Manus (tests/support/fake-manus.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeManus, webhookEvents, type FakeManus } from '../../tests/support/fake-manus.ts';
import { signUp, startTestServer, type ApiClient, type TestServer, apiClient } from './helpers.ts';

const KEY = 'manus-test-key-0123456789abcdef';
type View = { data: { taskId: string; taskUrl: string | null; status: string; progress: string | null; problem: string | null; templates: { name: string; docsUrl: string | null; service: string; request: { url: string; method: string } }[] } };
const RESULT = {
  service: 'Acme',
  requests: [
    { name: 'List widgets', description: 'Lists widgets.', method: 'GET', url: 'https://api.acme.test/v1/widgets', query: [{ name: 'limit', value: '10' }], headers: [{ name: 'Authorization', value: 'Bearer {{token}}' }], jsonBody: null, sourceUrl: 'https://docs.acme.test/widgets#list' },
    { name: 'Create a widget', description: 'Creates one.', method: 'POST', url: 'https://api.acme.test/v1/widgets', query: [], headers: [], jsonBody: '{"name":"{{name}}"}', sourceUrl: 'https://docs.acme.test/widgets#create' },
  ],
};

describe('research with Manus', () => {
  let manus: FakeManus;
  let server: TestServer;
  let api: ApiClient;
  let token: string;
  beforeAll(async () => {
    manus = await startFakeManus();
    server = await startTestServer({ MANUS_API_KEY: KEY, MANUS_BASE_URL: manus.base });
    api = apiClient(server.url);
    token = (await signUp(api, 'research')).accessToken;
  });
  afterAll(async () => {
    await server.close();
    await manus.close();
  });

  it('creates a Manus task as the issue asks, then turns its answer into templates marked with their source', async () => {
    const created = await api.call<View>('POST', '/api/v1/ai/research', { token, body: { api: 'Acme widgets API' } });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ status: 'running', taskUrl: expect.stringContaining('manus.im') });
    const call = manus.calls.at(-1)!;
    expect(call.headers['x-manus-api-key']).toBe(KEY);
    expect(call.body).toMatchObject({ agent_profile: 'manus-1.6-max', interactive_mode: false, hide_in_task_list: true, structured_output_schema: { type: 'object', required: expect.arrayContaining(['requests']) } });
    const { taskId } = created.body.data;

    const running = await api.call<View>('GET', `/api/v1/ai/research/${taskId}`, { token });
    expect(running.body.data).toMatchObject({ status: 'running', templates: [] });

    manus.setMessages(taskId, [
      { type: 'assistant_message', assistant_message: { content: 'Reading the Acme docs' } },
      { type: 'status_update', status_update: { agent_status: 'stopped' } },
      { type: 'structured_output_result', structured_output_result: { success: true, value: RESULT } },
    ]);
    const done = await api.call<View>('GET', `/api/v1/ai/research/${taskId}`, { token });
    expect(done.body.data.status).toBe('stopped');
    expect(done.body.data.templates.map((t) => [t.name, t.docsUrl, t.request.method])).toEqual([
      ['List widgets', 'https://docs.acme.test/widgets#list', 'GET'],
      ['Create a widget', 'https://docs.acme.test/widgets#create', 'POST'],
    ]);
    // Polling again creates nothing twice; the templates are the user's own.
    await api.call('GET', `/api/v1/ai/research/${taskId}`, { token });
    const mine = await api.call<{ data: { items: { name: string; builtinId: string | null; isPublic: boolean }[] } }>('GET', '/api/v1/templates?limit=100', { token });
    // Other users' public templates (other test files share this database) are listed too: only the private ones are this user's.
    expect(mine.body.data.items.filter((t) => t.builtinId === null && !t.isPublic).map((t) => t.name).sort()).toEqual(['Create a widget', 'List widgets']);
    // Another user cannot read the task.
    const other = (await signUp(api, 'other')).accessToken;
    expect((await api.call('GET', `/api/v1/ai/research/${taskId}`, { token: other })).status).toBe(404);
  });

  it('refuses an answer that is not a list of requests, saying why, and makes no template', async () => {
    const { body } = await api.call<View>('POST', '/api/v1/ai/research', { token, body: { api: 'Broken API' } });
    manus.setMessages(body.data.taskId, [
      { type: 'status_update', status_update: { agent_status: 'stopped' } },
      { type: 'structured_output_result', structured_output_result: { success: true, value: { service: 'X', requests: [{ name: 'x', url: 'ftp://nope' }] } } },
    ]);
    const done = await api.call<View>('GET', `/api/v1/ai/research/${body.data.taskId}`, { token });
    expect(done.body.data).toMatchObject({ status: 'error', templates: [], problem: expect.stringMatching(/not a list of requests/) });
  });

  it('cancels a task with task.stop', async () => {
    const { body } = await api.call<View>('POST', '/api/v1/ai/research', { token, body: { api: 'Slow API' } });
    const canceled = await api.call<View>('POST', `/api/v1/ai/research/${body.data.taskId}/cancel`, { token });
    expect(canceled.body.data.status).toBe('canceled');
    expect(manus.calls.at(-1)).toMatchObject({ path: '/v2/task.stop', body: { task_id: body.data.taskId } });
  });

  it('follows a task by Manus\'s signed webhooks: progress, then the stop\'s structured output becomes templates once, and reads answer from the same state without asking Manus', async () => {
    const hook = `${server.url}/api/v1/ai/research/webhook`;
    const { body } = await api.call<View>('POST', '/api/v1/ai/research', { token, body: { api: 'Acme by webhook' } });
    const { taskId } = body.data;
    expect(await manus.deliver(hook, webhookEvents.created(taskId))).toMatchObject({ status: 200, body: { data: { accepted: true } } });
    expect((await manus.deliver(hook, webhookEvents.progress(taskId, 'Reading the Acme reference'))).body).toMatchObject({ data: { accepted: true } });
    const reads = manus.calls.filter((c) => c.path.startsWith('/v2/task.listMessages')).length;
    const progressing = await api.call<View>('GET', `/api/v1/ai/research/${taskId}`, { token });
    expect(progressing.body.data).toMatchObject({ status: 'running', progress: 'Reading the Acme reference', templates: [] });
    // Manus's listMessages still says "running" with no progress: the answer came from the webhook's state.
    expect(manus.calls.filter((c) => c.path.startsWith('/v2/task.listMessages')).length).toBe(reads);

    const stop = webhookEvents.stopped(taskId, RESULT);
    expect((await manus.deliver(hook, stop)).body).toMatchObject({ data: { accepted: true } });
    // Manus retries a delivery: the same event again changes nothing.
    expect((await manus.deliver(hook, stop)).body).toMatchObject({ data: { accepted: false } });
    const done = await api.call<View>('GET', `/api/v1/ai/research/${taskId}`, { token });
    expect(done.body.data.status).toBe('stopped');
    expect(done.body.data.templates.map((t) => [t.name, t.docsUrl])).toEqual([
      ['List widgets', 'https://docs.acme.test/widgets#list'],
      ['Create a widget', 'https://docs.acme.test/widgets#create'],
    ]);
    // A read after the stop (the polling path) makes no second copy.
    manus.setMessages(taskId, [{ type: 'status_update', status_update: { agent_status: 'stopped' } }, { type: 'structured_output_result', structured_output_result: { success: true, value: RESULT } }]);
    expect((await api.call<View>('GET', `/api/v1/ai/research/${taskId}`, { token })).body.data.templates).toHaveLength(2);
    const mine = await api.call<{ data: { items: { name: string; builtinId: string | null; isPublic: boolean; docsUrl: string | null }[] } }>('GET', '/api/v1/templates?limit=100', { token });
    expect(mine.body.data.items.filter((t) => t.docsUrl === 'https://docs.acme.test/widgets#list' && !t.isPublic)).toHaveLength(2); // one from the polling test above, one from this task
  });

  it('refuses a webhook not signed by Manus\'s key, signed for another URL, or too old, and changes nothing', async () => {
    const hook = `${server.url}/api/v1/ai/research/webhook`;
    const { body } = await api.call<View>('POST', '/api/v1/ai/research', { token, body: { api: 'Acme forged' } });
    const { taskId } = body.data;
    const stop = webhookEvents.stopped(taskId, RESULT);
    const forged = await manus.deliver(hook, stop, { forgedKey: true });
    expect([forged.status, (forged.body as { error: { code: string } }).error.code]).toEqual([401, 'UNAUTHENTICATED']);
    expect((await manus.deliver(hook, stop, { signedUrl: 'https://elsewhere.test/hook' })).status).toBe(401);
    expect((await manus.deliver(hook, stop, { timestamp: Math.floor(Date.now() / 1000) - 600 })).status).toBe(401);
    const unsigned = await fetch(hook, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(stop) });
    expect(unsigned.status).toBe(401);
    const still = await api.call<View>('GET', `/api/v1/ai/research/${taskId}`, { token });
    expect(still.body.data).toMatchObject({ status: 'running', templates: [] });
    // Forgeries do not make the server ask Manus for its key each time (at most once a minute).
    expect(manus.calls.filter((c) => c.path === '/v2/webhook.publicKey').length).toBeLessThanOrEqual(2);
    // The real one, after the forgeries (their event id was not used up by them), is taken.
    expect((await manus.deliver(hook, stop)).body).toMatchObject({ data: { accepted: true } });
    expect((await api.call<View>('GET', `/api/v1/ai/research/${taskId}`, { token })).body.data.status).toBe('stopped');
  });

  it('a webhook for a task this server did not create is acknowledged and ignored; a cancelled task stays cancelled', async () => {
    const hook = `${server.url}/api/v1/ai/research/webhook`;
    expect((await manus.deliver(hook, webhookEvents.stopped('someone-elses-task', RESULT))).body).toMatchObject({ data: { accepted: false } });
    const { body } = await api.call<View>('POST', '/api/v1/ai/research', { token, body: { api: 'Acme cancelled' } });
    await api.call<View>('POST', `/api/v1/ai/research/${body.data.taskId}/cancel`, { token });
    await manus.deliver(hook, webhookEvents.stopped(body.data.taskId, RESULT));
    expect((await api.call<View>('GET', `/api/v1/ai/research/${body.data.taskId}`, { token })).body.data).toMatchObject({ status: 'canceled', templates: [] });
  });

  it('says Manus\'s refusal plainly, without the key', async () => {
    manus.failNextCreate(401, `invalid key ${KEY}`);
    const refused = await api.call<{ error: { code: string; message: string } }>('POST', '/api/v1/ai/research', { token, body: { api: 'Any' } });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/Manus refused/);
    expect(JSON.stringify(refused.body)).not.toContain(KEY);
  });
});

describe('research without a Manus key', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('answers AI_UNAVAILABLE naming MANUS_API_KEY', async () => {
    const api = apiClient(server.url);
    const { accessToken } = await signUp(api, 'nomanus');
    const refused = await api.call<{ error: { code: string; message: string } }>('POST', '/api/v1/ai/research', { token: accessToken, body: { api: 'Acme' } });
    expect([refused.status, refused.body.error.code]).toEqual([503, 'AI_UNAVAILABLE']);
    expect(refused.body.error.message).toMatch(/MANUS_API_KEY/);
  });
});
