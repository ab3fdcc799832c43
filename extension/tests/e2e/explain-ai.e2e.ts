// "Explain with AI" end to end: a real failed execution on the real n8n (its HTTP Request node
// holds an API key in its URL and a bearer token in a header; the webhook's item holds a
// password), the debugger panel on n8n's page, the model behind the contract test double
// (tests/support/fake-llm.ts, OpenAI wire protocol). With no AI the button is off and says why;
// with the user's own model the preview shows what will be sent (no secret), the answer streams
// in under the offline explanation (never blanked), and a fix's parameter change is applied to the
// node in n8n's editor; signed in to a server that has a model, the server's model answers.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeLlm, type FakeLlm } from '../../../tests/support/fake-llm.ts';
import { closedPort, createWebhookChain, type WebhookWorkflow } from '../../../tests/support/n8n.ts';
import { startServerProcess } from '../../../tests/support/server-process.ts';
import { browserKind, launchWithExtension, n8nUnderTest, saveOwnAiModel, screenshot, signInToN8n, signInToServer, waitFor, type ExtensionBrowser } from './harness.ts';

const kind = browserKind();
const OWN_KEY = 'sk-e2e-explain-own-key-0123456789';
const SERVER_KEY = 'sk-e2e-explain-server-key-9876543210';
const URL_SECRET = 'sk_live_51HexplainUrlSecret0123456789';
const HEADER_SECRET = 'ghp_explainHeaderToken0123456789abcdef';
const PASSWORD = 'correct-horse-battery-staple-e2e';
const SECRETS = [URL_SECRET, HEADER_SECRET, PASSWORD, OWN_KEY, SERVER_KEY];

const inPanel = (page: Page, selector: string) => page.evaluate((s) => document.querySelector('ai-http-overlay')?.shadowRoot?.querySelector(s)?.textContent ?? null, selector);
const clickInPanel = (page: Page, selector: string) => page.$eval(`>>> ${selector}`, (el) => (el as HTMLElement).click());

/** The model's answer: an explanation and two fixes, one of them a change of the node's URL. */
const answer = (fixedUrl: string, explanation = 'Nothing accepts connections on the port the node calls, so n8n could not reach the API at all.') => ({
  explanation,
  fixes: [
    { text: 'Start the API, or check that it listens on this port.', edit: null },
    { text: 'Point the node at the API\'s real address.', edit: { parameter: 'url', value: fixedUrl } },
  ],
});

describe(`Explain with AI in ${kind}`, () => {
  let ext: ExtensionBrowser;
  let page: Page;
  let fake: FakeLlm;
  let workflow: WebhookWorkflow;
  let server: { url: string; child: ChildProcess };
  let port = 0;
  const n8n = n8nUnderTest();
  const dataDir = mkdtempSync(join(tmpdir(), 'ai-http-e2e-explain-'));

  beforeAll(async () => {
    fake = await startFakeLlm();
    const { DATABASE_URL: _db, REDIS_URL: _redis, ...env } = process.env;
    server = await startServerProcess({ ...env, NODE_ENV: 'test', AIHTTP_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn', ENCRYPTION_KEY: Buffer.alloc(32, 5).toString('base64'), JWT_SECRET: 'g'.repeat(48), AI_PROVIDER: 'openai', AI_MODEL: 'gpt-4o-mini', AI_BASE_URL: fake.openaiBase, AI_API_KEY: SERVER_KEY });
    // The system's dark theme (n8n and the panel follow it), for the screenshots.
    ext = await launchWithExtension(kind, { systemDark: true });
    await signInToN8n(ext.browser, n8n);
    port = await closedPort();
    workflow = await createWebhookChain(n8n, [
      {
        name: 'Call API',
        type: 'n8n-nodes-base.httpRequest',
        typeVersion: 4.2,
        parameters: { url: `http://127.0.0.1:${port}/orders?api_key=${URL_SECRET}`, sendHeaders: true, headerParameters: { parameters: [{ name: 'Authorization', value: `Bearer ${HEADER_SECRET}` }] }, options: { timeout: 5_000 } },
      },
    ]);
    expect((await workflow.trigger({ order: { id: 7 }, password: PASSWORD })).status).toBe(200);
    page = await ext.browser.newPage();
    await page.goto(`${n8n.url}/workflow/${workflow.id}`, { waitUntil: 'load' });
    await page.waitForSelector('>>> [data-testid=failing-node]', { timeout: 30_000 });
  }, 180_000);
  afterAll(async () => {
    await ext?.close();
    server?.child.kill();
    await fake?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('with no AI set up, the button is off and says how to set one up', async () => {
    await page.waitForSelector('>>> [data-testid=explain-ai-hint]', { timeout: 15_000 });
    expect(await page.$eval('>>> [data-testid=explain-ai]', (el) => (el as HTMLButtonElement).disabled)).toBe(true);
    expect(await inPanel(page, '[data-testid=explain-ai-hint]')).toMatch(/add your own in the options page/);
  });

  it('with the user\'s own model: preview without secrets, confirm, the answer streams under the offline explanation, and a fix is applied to the node', async () => {
    await (await saveOwnAiModel(ext, { model: 'llama3.1', baseUrl: fake.openaiBase, apiKey: OWN_KEY })).close();
    // Coming back to the tab, the panel learns a model is set up.
    await page.bringToFront();
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
    await waitFor('the button on', async () => (await inPanel(page, '[data-testid=explain-ai-via]'))?.includes('llama3.1') || null);
    const offline = await inPanel(page, '[data-testid=explanation]');
    expect(offline).toMatch(/could not open a connection/);

    const calls = fake.calls.length;
    await clickInPanel(page, '[data-testid=explain-ai]');
    await page.waitForSelector('>>> [data-testid=explain-payload]');
    const preview = (await inPanel(page, '[data-testid=explain-payload]'))!;
    for (const secret of SECRETS) expect(preview).not.toContain(secret);
    expect(preview).toContain('[redacted]');
    expect(preview).toContain('Call API');
    expect(preview).toMatch(/ECONNREFUSED|refused/i);
    // The preview is open by default and nothing has been sent yet.
    expect(await page.$eval('>>> [data-testid=explain-preview]', (el) => (el as HTMLDetailsElement).open)).toBe(true);
    expect(fake.calls.length).toBe(calls);
    await page.$eval('>>> [data-testid=ai-explain]', (el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(page, `${kind}-explain-preview`);

    // Watch the panel while the model answers: the offline explanation never goes blank, and the AI's text grows in steps.
    await page.evaluate(() => {
      const root = document.querySelector('ai-http-overlay')!.shadowRoot!;
      const seen = { partials: [] as string[], offlineBlank: false, aiBeforeOffline: false };
      (window as unknown as { __explainSeen: typeof seen }).__explainSeen = seen;
      new MutationObserver(() => {
        const offlineNode = root.querySelector('[data-testid=explanation]');
        if (!offlineNode?.textContent?.trim()) seen.offlineBlank = true;
        const ai = root.querySelector('[data-testid=ai-explanation]');
        if (ai && offlineNode && ai.compareDocumentPosition(offlineNode) & Node.DOCUMENT_POSITION_FOLLOWING) seen.aiBeforeOffline = true;
        const text = ai?.textContent ?? '';
        if (text && seen.partials.at(-1) !== text) seen.partials.push(text);
      }).observe(root, { subtree: true, childList: true, characterData: true });
    });
    const fixedUrl = `http://127.0.0.1:${port}/v2/orders`;
    fake.script({ answer: answer(fixedUrl), chunkChars: 6 });
    await clickInPanel(page, '[data-testid=explain-send]');
    await page.waitForSelector('>>> [data-testid=ai-fixes]', { timeout: 20_000 });
    const seen = await page.evaluate(() => (window as unknown as { __explainSeen: { partials: string[]; offlineBlank: boolean; aiBeforeOffline: boolean } }).__explainSeen);
    expect(seen.offlineBlank).toBe(false);
    expect(seen.aiBeforeOffline).toBe(false);
    expect(seen.partials.length).toBeGreaterThan(2);
    expect(seen.partials.at(-1)).toBe(answer(fixedUrl).explanation);
    expect(await inPanel(page, '[data-testid=explanation]')).toBe(offline);
    expect(await inPanel(page, '[data-testid=ai-fixes]')).toContain('Start the API');
    expect(await inPanel(page, '[data-testid=ai-fix-change]')).toBe(`url = "${fixedUrl}"`);

    // What reached the model: exactly one call, the user's key in its header only, no secret of the execution, asked in English.
    expect(fake.calls.length).toBe(calls + 1);
    const call = fake.calls.at(-1)!;
    expect(call.headers.authorization).toBe(`Bearer ${OWN_KEY}`);
    const sent = JSON.stringify(call.body);
    for (const secret of SECRETS) expect(sent).not.toContain(secret);
    expect(sent).toContain('[redacted]');
    expect(sent).toContain('Answer in English.');
    // Exactly what the preview showed is what the model was given.
    const user = (call.body.messages as { role: string; content: string | { text?: string }[] }[]).find((m) => m.role === 'user')!.content;
    const prompt = typeof user === 'string' ? user : user.map((part) => part.text ?? '').join('');
    expect(prompt).toContain(JSON.stringify(JSON.parse(preview)));
    await screenshot(page, `${kind}-explain-answer`);

    // Apply the URL fix: n8n's editor holds the new URL, the node's other parameters untouched.
    await clickInPanel(page, '[data-testid=apply-fix]');
    await page.waitForSelector('>>> [data-testid=ai-fix-applied]', { timeout: 10_000 });
    const node = await page.evaluate(() => {
      type Store = { getNodeByName?: (name: string) => { parameters: Record<string, unknown> } | undefined };
      const pinia = (document.querySelector('#app') as unknown as { __vue_app__: { config: { globalProperties: { $pinia: { _s: Map<string, Store> } } } } }).__vue_app__.config.globalProperties.$pinia;
      const store = [...pinia._s.entries()].find(([id, s]) => id.startsWith('workflowDocuments/') && s.getNodeByName?.('Call API'))?.[1];
      return JSON.parse(JSON.stringify(store?.getNodeByName?.('Call API')?.parameters ?? null)) as { url: string; sendHeaders: boolean; options: { timeout: number } } | null;
    });
    expect(node?.url).toBe(fixedUrl);
    expect(node?.sendHeaders).toBe(true);
    expect(node?.options.timeout).toBe(5_000);
    await page.$eval('>>> [data-testid=ai-explain]', (el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(page, `${kind}-explain-applied`);
    for (const secret of [OWN_KEY, SERVER_KEY]) expect(await page.content()).not.toContain(secret);
  });

  it('signed in to a server that has a model, the server\'s model answers; its key never reaches the page', async () => {
    const account = { email: `explain-${kind}-${Date.now()}@example.com`, password: 'e2e-Password-123!' };
    expect((await fetch(`${server.url}/api/v1/auth/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...account, name: 'Explain' }) })).status).toBe(201);
    await signInToServer(ext, server.url, account);
    await page.bringToFront();
    await clickInPanel(page, '[data-testid=explain-close]');
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
    await waitFor('the server\'s model named', async () => (await inPanel(page, '[data-testid=explain-ai-via]'))?.includes('server') || null);
    await clickInPanel(page, '[data-testid=explain-ai]');
    await page.waitForSelector('>>> [data-testid=explain-send]');
    fake.script({ answer: answer('http://127.0.0.1:1/x', 'The server\'s model says nothing listens on that port.') });
    await clickInPanel(page, '[data-testid=explain-send]');
    await waitFor('the server\'s answer', async () => (await inPanel(page, '[data-testid=ai-explanation]'))?.includes('server\'s model says') || null, 20_000);
    await page.waitForSelector('>>> [data-testid=ai-fixes]', { timeout: 20_000 });
    expect(fake.calls.at(-1)!.headers.authorization).toBe(`Bearer ${SERVER_KEY}`);
    const sent = JSON.stringify(fake.calls.at(-1)!.body);
    for (const secret of SECRETS) expect(sent).not.toContain(secret);
    expect(await page.content()).not.toContain(SERVER_KEY);
  });
});
