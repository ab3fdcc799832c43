// "Ask AI" end to end in the real extension: the options page keeps the user's own model (the key
// stays in the background), the builder's plain words go through the background to the model (the
// contract test double in tests/support/fake-llm.ts, speaking the OpenAI wire protocol), the
// chosen request opens in the form filled, and it is sent to the echo server.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEcho, type Echo } from '../../../tests/support/echo.ts';
import { startFakeLlm, type FakeLlm } from '../../../tests/support/fake-llm.ts';
import { startServerProcess } from '../../../tests/support/server-process.ts';
import { browserKind, launchWithExtension, saveOwnAiModel, screenshot, setValue, waitFor, type ExtensionBrowser } from './harness.ts';

const kind = browserKind();
const KEY = 'sk-e2e-own-provider-key-0123456789';
const SERVER_KEY = 'sk-e2e-server-side-key-9876543210';
const click = (page: Page, selector: string) => page.$eval(selector, (el) => (el as HTMLElement).click());
const textOf = (page: Page, selector: string) => page.$eval(selector, (el) => el.textContent ?? '').catch(() => '');

describe(`Ask AI in ${kind}`, () => {
  let ext: ExtensionBrowser;
  let echo: Echo;
  let fake: FakeLlm;
  let server: { url: string; child: ChildProcess };
  const dataDir = mkdtempSync(join(tmpdir(), 'ai-http-e2e-ask-'));

  beforeAll(async () => {
    echo = await startEcho();
    fake = await startFakeLlm();
    const { DATABASE_URL: _db, REDIS_URL: _redis, ...env } = process.env;
    server = await startServerProcess({ ...env, NODE_ENV: 'test', AIHTTP_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn', ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'), JWT_SECRET: 'f'.repeat(48), AI_PROVIDER: 'openai', AI_MODEL: 'gpt-4o-mini', AI_BASE_URL: fake.openaiBase, AI_API_KEY: SERVER_KEY });
    ext = await launchWithExtension(kind);
  }, 120_000);
  afterAll(async () => {
    await ext?.close();
    server?.child.kill();
    await echo?.close();
    await fake?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps the model settings in the background: the page learns only that a key is kept', async () => {
    const options = await saveOwnAiModel(ext, { model: 'llama3.1', baseUrl: fake.openaiBase, apiKey: KEY });
    fake.script({ answer: 'ok', raw: true });
    await click(options, '[data-testid=ai-test]');
    await waitFor('the test answered', async () => /llama3\.1 answers/.test(await textOf(options, '[data-testid=ai-message]')) || null);
    // A fresh page (a reload never resolves on moz-extension:// over BiDi).
    await options.close();
    const again = await ext.openExtensionPage('options.html', '[data-testid=ai-key]');
    await waitFor('the kept settings shown', () => again.$eval('[data-testid=ai-model]', (el) => (el as HTMLInputElement).value === 'llama3.1' || null));
    expect(await again.$eval('[data-testid=ai-key]', (el) => (el as HTMLInputElement).value)).toBe('');
    expect(await again.content()).not.toContain(KEY);
    await again.close();
  });

  it('plain words → the model picks the user\'s template → the form is filled → sent to the echo server', async () => {
    const page = await ext.openExtensionPage('builder.html', '[data-testid=paste-input]');
    // A user template pointing at the echo server, with two placeholders.
    await setValue(page, '[data-testid=paste-input]', `curl -X POST '${echo.base}/v1/customers' -H 'Content-Type: application/json' --data-raw '{"email":"{{email}}","name":"{{name}}"}'`);
    await click(page, '[data-testid=paste-open]');
    await waitFor('the imported request', () => page.$eval('[data-testid=request-url]', (el, url) => (el as HTMLInputElement).value === url || null, `${echo.base}/v1/customers`));
    await setValue(page, '[data-testid=save-name]', 'Create customer');
    await click(page, '[data-testid=save-as-template]');
    await click(page, '[data-testid=save-request]');
    await waitFor('the template saved', () => page.evaluate(() => [...document.querySelectorAll('.ah-toast-title')].some((el) => /Saved "Create customer"/.test(el.textContent ?? '')) || null));

    await setValue(page, '[data-testid=paste-input]', 'create a customer');
    await click(page, '[data-testid=paste-open]');
    await waitFor('the user template offered', () => page.evaluate(() => document.querySelector('[data-testid=user-templates] li')?.textContent?.includes('Create customer') || null));
    // The model answers with the saved template's id, whatever it is: the first "saved:" id it is allowed.
    fake.script({
      answer: (body: Record<string, unknown>) => {
        const allowed = (body.response_format as { json_schema: { schema: { properties: { operationId: { enum: string[] } } } } }).json_schema.schema.properties.operationId.enum;
        return { operationId: allowed.find((id) => id.startsWith('saved:')), parameters: { email: 'ada@example.com', name: 'Ada Lovelace' }, body: null };
      },
      chunkChars: 6,
    });
    const calls = fake.calls.length;
    await click(page, '[data-testid=ask-ai]');
    await waitFor('the filled request', async () => /Create customer.*your own model/.test(await textOf(page, '[data-testid=request-origin]')) || null, 20_000);
    expect(fake.calls.length).toBe(calls + 1);
    const call = fake.calls.at(-1)!;
    expect(call.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(JSON.stringify(call.body)).toContain('create a customer');
    await screenshot(page, `${kind}-builder-ask-ai`);

    await click(page, '[data-testid=request-send]');
    await page.waitForSelector('[data-testid=response]', { timeout: 20_000 });
    const got = echo.received.at(-1)!;
    expect(got).toMatchObject({ method: 'POST', url: '/v1/customers' });
    expect(JSON.parse(got.body)).toEqual({ email: 'ada@example.com', name: 'Ada Lovelace' });
  });

  it('a provider that fails opens the offline first choice with the reason', async () => {
    const page = await ext.openExtensionPage('builder.html', '[data-testid=paste-input]');
    await setValue(page, '[data-testid=paste-input]', 'create a customer');
    await click(page, '[data-testid=paste-open]');
    await waitFor('the user template offered', () => page.evaluate(() => document.querySelector('[data-testid=user-templates] li')?.textContent?.includes('Create customer') || null));
    fake.script({ status: 401, message: `bad key ${KEY}` });
    await click(page, '[data-testid=ask-ai]');
    await waitFor('the offline choice', async () => /refused the API key/.test(await textOf(page, '[data-testid=import-warnings]')) || null, 20_000);
    expect(await page.$eval('[data-testid=request-url]', (el) => (el as HTMLInputElement).value)).toBe(`${echo.base}/v1/customers`);
    expect(await page.content()).not.toContain(KEY);
  });

  it('signed in to a server that has a model, the server answers: its key never reaches the extension', async () => {
    const options = await ext.openExtensionPage('options.html', '[data-testid=account-form]');
    await click(options, '[data-testid=account-mode]');
    await options.waitForSelector('[data-testid=account-name]');
    await setValue(options, '[data-testid=account-server]', server.url);
    await setValue(options, '[data-testid=account-name]', 'Ada');
    await setValue(options, '[data-testid=account-email]', `ask-${kind}-${Date.now()}@example.com`);
    await setValue(options, '[data-testid=account-password]', 'a-long-Password-1');
    await click(options, '[data-testid=account-sign-in]');
    await options.waitForSelector('[data-testid=account-status]', { timeout: 15_000 });
    await options.close();

    const page = await ext.openExtensionPage('builder.html', '[data-testid=paste-input]');
    await setValue(page, '[data-testid=paste-input]', 'send a slack message');
    await click(page, '[data-testid=paste-open]');
    await waitFor('the Slack template offered', () => page.evaluate(() => document.querySelector('[data-testid=template-results]')?.textContent?.includes('Slack') || null));
    fake.script({ answer: { operationId: 'tpl:slack.post-message', parameters: { channelId: 'C123', text: 'Deploy finished' }, body: null } });
    await click(page, '[data-testid=ask-ai]');
    await waitFor('the server\'s answer', async () => /AI-HTTP server's model/.test(await textOf(page, '[data-testid=request-origin]')) || null, 20_000);
    expect(await page.$eval('[data-testid=request-url]', (el) => (el as HTMLInputElement).value)).toBe('https://slack.com/api/chat.postMessage');
    expect(fake.calls.at(-1)!.headers.authorization).toBe(`Bearer ${SERVER_KEY}`);
    expect(JSON.stringify(fake.calls.at(-1)!.body)).toContain('send a slack message');
    await page.click('[data-testid=part-body]').catch(() => undefined);
    expect(await page.content()).toContain('Deploy finished');
    expect(await page.content()).not.toContain(SERVER_KEY);
  });
});
