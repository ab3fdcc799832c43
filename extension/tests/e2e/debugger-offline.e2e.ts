// The debugger's Dexie store in the browser's own IndexedDB: what the background pushed to the
// panel is kept (as a versioned digest), and a panel opened while n8n cannot be read shows the
// kept rows under the problem, instead of a blank.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summarizeExecution } from '@ai-http/shared/n8n/digest';
import { closedPort, createWebhookWorkflow } from '../../../tests/support/n8n.ts';
import { browserKind, launchWithExtension, n8nUnderTest, screenshot, signInToN8n, staticServer, waitFor, type ExtensionBrowser } from './harness.ts';
import { normalizeBaseUrl } from '@ai-http/shared/url';

const kind = browserKind();
const N8N_PAGE = readFileSync(resolve(import.meta.dirname, '../fixtures/n8n-editor-workflow.html'), 'utf8');
const storedDigest = summarizeExecution(JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../shared/tests/fixtures/executions/http-404.json'), 'utf8')));
const inPanel = (page: Page, selector: string) => page.evaluate((s) => document.querySelector('ai-http-overlay')?.shadowRoot?.querySelector(s)?.textContent ?? null, selector);

interface KeptRow {
  origin: string;
  id: string;
  workflowId: string;
  digest: { v: number; status: string; executionId: string };
}

/** The background's executions store, read raw (without Dexie) from an extension page. */
function keptRows(page: Page): Promise<KeptRow[]> {
  return page.evaluate(
    () =>
      new Promise<KeptRow[]>((done, fail) => {
        const open = indexedDB.open('ai-http');
        open.onerror = () => fail(open.error);
        open.onsuccess = () => {
          const read = open.result.transaction('executions').objectStore('executions').getAll();
          read.onerror = () => fail(read.error);
          read.onsuccess = () => (done(read.result), open.result.close());
        };
      }),
  );
}

describe(`the debugger's kept executions in ${kind}`, () => {
  let ext: ExtensionBrowser;
  let options: Page;
  const n8n = n8nUnderTest();

  beforeAll(async () => {
    ext = await launchWithExtension(kind);
    // The options page asks the background for the instances, which opens (creates) the database.
    options = await ext.openExtensionPage('options.html', '[data-testid=instances]');
  }, 60_000);
  afterAll(() => ext?.close());

  it('keeps what the panel was sent, as a versioned digest in IndexedDB', async () => {
    await signInToN8n(ext.browser, n8n);
    const workflow = await createWebhookWorkflow(n8n, `http://127.0.0.1:${await closedPort()}/kept`);
    expect((await workflow.trigger({ order: { id: 31 } })).status).toBe(200);
    const page = await ext.browser.newPage();
    await page.goto(`${n8n.url}/workflow/${workflow.id}`, { waitUntil: 'load' });
    await page.waitForFunction(() => /Call API/.test(document.querySelector('ai-http-overlay')?.shadowRoot?.querySelector('[data-testid=failing-node]')?.textContent ?? ''), { timeout: 30_000 });
    const kept = await waitFor('the digest in IndexedDB', async () => (await keptRows(options)).filter((row) => row.workflowId === workflow.id).at(0));
    expect(kept).toMatchObject({ origin: normalizeBaseUrl(n8n.url), digest: { v: 1, status: 'error', executionId: kept.id } });
    await page.close();
  }, 90_000);

  it('shows the kept rows, and what is wrong, when n8n cannot be read', async () => {
    const site = await staticServer(N8N_PAGE);
    try {
      const origin = `http://127.0.0.1:${site.port}`;
      // A visit from an earlier day left one failure behind for this workflow.
      await options.evaluate(
        (row) =>
          new Promise<void>((done, fail) => {
            const open = indexedDB.open('ai-http');
            open.onerror = () => fail(open.error);
            open.onsuccess = () => {
              const tx = open.result.transaction('executions', 'readwrite');
              tx.objectStore('executions').put(row);
              tx.oncomplete = () => (done(), open.result.close());
              tx.onerror = () => fail(tx.error);
            };
          }),
        { origin, id: storedDigest.executionId, workflowId: 'wf-offline', status: storedDigest.status, digest: { ...storedDigest, workflowId: 'wf-offline' }, savedAt: Date.now() },
      );
      const page = await ext.browser.newPage();
      // The saved editor page answers every path, /api/v1 included (with HTML): n8n cannot be read.
      await page.goto(`${origin}/workflow/wf-offline`, { waitUntil: 'load' });
      await page.waitForFunction((id) => document.querySelector('ai-http-overlay')?.shadowRoot?.querySelector(`[data-testid=execution-list] li[data-execution-id="${id}"]`), { timeout: 20_000 }, storedDigest.executionId);
      await page.waitForFunction(() => document.querySelector('ai-http-overlay')?.shadowRoot?.querySelector('[role=alert][data-testid=panel-state]'), { timeout: 20_000 });
      expect(await inPanel(page, '[data-testid=failing-node]')).toContain(storedDigest.failingNode!.name);
      await screenshot(page, `${kind}-debugger-offline`);
      await page.close();
    } finally {
      site.server.close();
    }
  }, 60_000);
});
