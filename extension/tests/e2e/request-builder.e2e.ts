// The request builder in the real popup page: cURL goes through curlconverter's WebAssembly
// parser (loaded lazily, allowed by 'wasm-unsafe-eval'), templates and OpenAPI through the
// search index, and each ends as an HTTP Request node ready to paste into n8n.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserKind, launchWithExtension, screenshot, setValue, type ExtensionBrowser } from './harness.ts';

const kind = browserKind();
const nodeJson = async (page: Page) => {
  await page.waitForSelector('[data-testid=node-json]', { timeout: 20_000 });
  return JSON.parse(await page.$eval('[data-testid=node-json]', (el) => el.textContent ?? '')) as { nodes: { type: string; parameters: Record<string, unknown> }[] };
};
describe(`request builder in the ${kind} popup`, () => {
  let ext: ExtensionBrowser;
  let popup: Page;

  beforeAll(async () => {
    ext = await launchWithExtension(kind);
    popup = await ext.openExtensionPage('popup.html', '[data-testid=curl-input]');
  }, 60_000);
  afterAll(() => ext?.close());

  it('turns a pasted cURL command into an HTTP Request node with the secret moved to a credential', async () => {
    await setValue(popup, '[data-testid=curl-input]', `curl 'https://api.example.com/v1/orders?tag=a' \\\n  -H 'Authorization: Bearer tok_live_1' \\\n  -H 'Content-Type: application/json; charset=UTF-8' \\\n  --data-raw '{\n  "id": 7,\n  "lines": [1, 2]\n}'`);
    await popup.click('[data-testid=curl-convert]');
    const clip = await nodeJson(popup);
    expect(clip.nodes[0]).toMatchObject({ type: 'n8n-nodes-base.httpRequest', parameters: { method: 'POST', url: 'https://api.example.com/v1/orders', specifyBody: 'json', jsonBody: '{\n  "id": 7,\n  "lines": [1, 2]\n}', genericAuthType: 'httpBearerAuth' } });
    expect(JSON.stringify(clip)).not.toContain('tok_live_1');
    expect(await popup.$eval('[data-testid=builder-warnings]', (el) => el.textContent)).toMatch(/Bearer Auth/);
    await screenshot(popup, `${kind}-builder-curl`);
  });

  it('shows a clear error for text that is not a cURL command, and no node', async () => {
    await setValue(popup, '[data-testid=curl-input]', "curl 'https://api.example.com");
    await popup.click('[data-testid=curl-convert]');
    await popup.waitForSelector('[data-testid=builder-error]', { timeout: 20_000 });
    expect(await popup.$eval('[data-testid=builder-error]', (el) => el.textContent)).toMatch(/unclosed quote/);
    expect(await popup.$('[data-testid=node-json]')).toBeNull();
  });

  it('finds a template in plain words and builds its node', async () => {
    await popup.click('[data-testid=tab-templates]');
    await popup.waitForSelector('[data-testid=template-search]');
    await setValue(popup, '[data-testid=template-search]', 'send a slack message');
    await popup.waitForFunction(() => document.querySelector('[data-testid=template-results] li')?.textContent?.includes('Slack'), { timeout: 20_000 });
    await popup.click('[data-testid=template-results] li button');
    const clip = await nodeJson(popup);
    expect(clip.nodes[0]!.parameters).toMatchObject({ url: 'https://slack.com/api/chat.postMessage', genericAuthType: 'httpBearerAuth' });
  });

  it('reads an OpenAPI document, searches its operations and builds one', async () => {
    await popup.click('[data-testid=tab-openapi]');
    await popup.waitForSelector('[data-testid=openapi-input]');
    const spec = readFileSync(resolve(import.meta.dirname, '../../../../shared/fixtures/openapi/github-2020-08-30.json'), 'utf8');
    await setValue(popup, '[data-testid=openapi-input]', spec);
    await popup.click('[data-testid=openapi-load]');
    await popup.waitForSelector('[data-testid=openapi-summary]', { timeout: 30_000 });
    expect(await popup.$eval('[data-testid=openapi-summary]', (el) => el.textContent)).toMatch(/623 operations/);
    await setValue(popup, '[data-testid=operation-search]', 'close an issue');
    await popup.waitForFunction(() => document.querySelector('[data-testid=operation-results] li')?.textContent?.includes('/issues/'), { timeout: 10_000 });
    await popup.click('[data-testid=operation-results] li button');
    const clip = await nodeJson(popup);
    expect(clip.nodes[0]!.parameters).toMatchObject({ method: 'PATCH', url: 'https://api.github.com/repos/{{owner}}/{{repo}}/issues/{{issue_number}}' });
    await screenshot(popup, `${kind}-builder-openapi`);
  });
});

describe(`Arabic in the ${kind} popup`, () => {
  let ext: ExtensionBrowser;
  beforeAll(async () => {
    ext = await launchWithExtension(kind);
  }, 60_000);
  afterAll(() => ext?.close());

  it('flips the layout right to left', async () => {
    const popup = await ext.openExtensionPage('popup.html?lang=ar', '[data-testid=curl-input]');
    const layout = await popup.evaluate(() => {
      const tabs = [...document.querySelectorAll('[role=tab]')].map((tab) => tab.getBoundingClientRect());
      return { dir: document.documentElement.dir, direction: getComputedStyle(document.body).direction, lang: document.documentElement.lang, first: tabs[0]!.left, second: tabs[1]!.left, heading: document.querySelector('h2')?.textContent };
    });
    expect(layout).toMatchObject({ dir: 'rtl', direction: 'rtl', lang: 'ar', heading: 'منشئ الطلبات' });
    // The first tab sits to the right of the second: the row runs right to left.
    expect(layout.first).toBeGreaterThan(layout.second);
    await screenshot(popup, `${kind}-popup-arabic`);
  });
});
