// "Research this API" end to end: the builder page in the real extension, a real server process
// whose MANUS_BASE_URL is the contract test double of Manus (tests/support/fake-manus.ts), and the
// double's signed webhooks delivered to the server's route. Not signed in, the view says so;
// signed in, the progress Manus reports by webhook shows, the result becomes templates with their
// source URLs, one opens in the form; a second task is cancelled with task.stop.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeManus, webhookEvents, type FakeManus } from '../../../tests/support/fake-manus.ts';
import { startServerProcess } from '../../../tests/support/server-process.ts';
import { browserKind, launchWithExtension, screenshot, setValue, signInToServer, waitFor, type ExtensionBrowser } from './harness.ts';

const kind = browserKind();
const MANUS_KEY = 'manus-e2e-key-0123456789abcdef';
const RESULT = {
  service: 'Acme',
  requests: [
    { name: 'List widgets', description: 'Lists widgets.', method: 'GET', url: 'https://api.acme.test/v1/widgets', query: [{ name: 'limit', value: '10' }], headers: [{ name: 'Authorization', value: 'Bearer {{token}}' }], jsonBody: null, sourceUrl: 'https://docs.acme.test/widgets#list' },
    { name: 'Create a widget', description: 'Creates one.', method: 'POST', url: 'https://api.acme.test/v1/widgets', query: [], headers: [], jsonBody: '{"name":"{{name}}"}', sourceUrl: 'https://docs.acme.test/widgets#create' },
  ],
};
const click = (page: Page, selector: string) => page.$eval(selector, (el) => (el as HTMLElement).click());
const textOf = (page: Page, selector: string) => page.$eval(selector, (el) => el.textContent ?? '').catch(() => '');

describe(`Research this API in ${kind}`, () => {
  let ext: ExtensionBrowser;
  let manus: FakeManus;
  let server: { url: string; child: ChildProcess };
  let page: Page;
  const dataDir = mkdtempSync(join(tmpdir(), 'ai-http-e2e-research-'));

  beforeAll(async () => {
    manus = await startFakeManus();
    const { DATABASE_URL: _db, REDIS_URL: _redis, ...env } = process.env;
    server = await startServerProcess({ ...env, NODE_ENV: 'test', AIHTTP_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn', ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64'), JWT_SECRET: 'h'.repeat(48), MANUS_API_KEY: MANUS_KEY, MANUS_BASE_URL: manus.base });
    // The dark theme (the system's), for the screenshots.
    ext = await launchWithExtension(kind, { systemDark: true });
  }, 120_000);
  afterAll(async () => {
    await ext?.close();
    server?.child.kill();
    await manus?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function openResearch(): Promise<Page> {
    const opened = await ext.openExtensionPage('builder.html', '[data-testid=paste-input]');
    await click(opened, '[data-testid=tab-templates]');
    await opened.waitForSelector('[data-testid=research-open]');
    await click(opened, '[data-testid=research-open]');
    await opened.waitForSelector('[data-testid=research-api]');
    return opened;
  }

  it('not signed in, it says research runs on an AI-HTTP server', async () => {
    page = await openResearch();
    await setValue(page, '[data-testid=research-api]', 'Acme widgets API');
    await click(page, '[data-testid=research-start]');
    await waitFor('the sign-in message', async () => /sign in to one in the options page/.test(await textOf(page, '[data-testid=research-unavailable]')) || null);
    expect(manus.tasks).toHaveLength(0);
    await page.close();
  });

  it('signed in: progress by webhook, the answer becomes templates with their source, one opens in the form', async () => {
    const account = { email: `research-${kind}-${Date.now()}@example.com`, password: 'e2e-Password-123!' };
    expect((await fetch(`${server.url}/api/v1/auth/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...account, name: 'Research' }) })).status).toBe(201);
    await signInToServer(ext, server.url, account);
    page = await openResearch();
    await setValue(page, '[data-testid=research-api]', 'Acme widgets API');
    await click(page, '[data-testid=research-start]');
    await page.waitForSelector('[data-testid=research-cancel]', { timeout: 15_000 });
    const taskId = await waitFor('the Manus task', async () => manus.tasks.at(-1) ?? null);
    expect(manus.calls.find((c) => c.path === '/v2/task.create')?.body).toMatchObject({ agent_profile: 'manus-1.6-max', interactive_mode: false, hide_in_task_list: true });

    const hook = `${server.url}/api/v1/ai/research/webhook`;
    expect((await manus.deliver(hook, webhookEvents.created(taskId))).status).toBe(200);
    expect((await manus.deliver(hook, webhookEvents.progress(taskId, 'Reading the Acme reference'))).status).toBe(200);
    await waitFor('the progress line', async () => /Reading the Acme reference/.test(await textOf(page, '[data-testid=research-progress]')) || null);
    expect((await manus.deliver(hook, webhookEvents.progress(taskId, 'Listing the widget endpoints', 2))).status).toBe(200);
    await waitFor('the second progress line', async () => /Listing the widget endpoints/.test(await textOf(page, '[data-testid=research-progress]')) || null);
    await page.$eval('[data-testid=research]', (el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(page, `${kind}-research-progress-dark`);

    expect((await manus.deliver(hook, webhookEvents.stopped(taskId, RESULT))).status).toBe(200);
    await page.waitForSelector('[data-testid=research-results]', { timeout: 15_000 });
    expect(await page.$$eval('[data-testid=research-source]', (links) => links.map((a) => a.getAttribute('href')))).toEqual(['https://docs.acme.test/widgets#list', 'https://docs.acme.test/widgets#create']);
    expect(await textOf(page, '[data-testid=research-results]')).toMatch(/List widgets.*Create a widget/);
    await page.$eval('[data-testid=research]', (el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(page, `${kind}-research-done-dark`);
    expect(await page.content()).not.toContain(MANUS_KEY);

    await click(page, '[data-testid=research-use]');
    await waitFor('the template in the form', () => page.$eval('[data-testid=request-url]', (el) => (el as HTMLInputElement).value === 'https://api.acme.test/v1/widgets' || null));
    await page.close();
  });

  it('cancels a task: Manus is told to stop it and nothing is added', async () => {
    page = await openResearch();
    await setValue(page, '[data-testid=research-api]', 'Slow API');
    await click(page, '[data-testid=research-start]');
    // The button is there, off, while the task is being created; on once it runs.
    await page.waitForSelector('[data-testid=research-cancel]:not([disabled])', { timeout: 15_000 });
    const taskId = manus.tasks.at(-1)!;
    await click(page, '[data-testid=research-cancel]');
    await waitFor('the cancelled message', async () => /nothing was added/.test(await textOf(page, '[data-testid=research-canceled]')) || null);
    expect(manus.calls.some((c) => c.path === '/v2/task.stop' && c.body.task_id === taskId)).toBe(true);
    await page.close();
  });
});
