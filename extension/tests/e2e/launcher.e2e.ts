// The launcher: after ×, a small AI-HTTP tab stays at the window's edge with the open workflow's
// failure count, brings the panel back, and the choice is remembered for the site across reloads.
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort, createWebhookWorkflow, type WebhookWorkflow } from '../../../tests/support/n8n.ts';
import { browserKind, launchWithExtension, n8nUnderTest, screenshot, signInToN8n, waitFor, type ExtensionBrowser } from './harness.ts';

const kind = browserKind();

const overlayState = (page: Page) =>
  page.evaluate(() => {
    const root = document.querySelector('ai-http-overlay')?.shadowRoot;
    const panel = root?.querySelector<HTMLElement>('[data-testid=overlay-panel]');
    const launcher = root?.querySelector<HTMLElement>('[data-testid=overlay-launcher]');
    const badge = root?.querySelector<HTMLElement>('[data-testid=launcher-badge]');
    if (!panel || !launcher) return null;
    const box = launcher.getBoundingClientRect();
    return {
      panelShown: panel.getClientRects().length > 0,
      launcherShown: launcher.getClientRects().length > 0,
      badge: badge && !badge.hidden ? badge.textContent : null,
      failingNode: !!root?.querySelector('[data-testid=failing-node]'),
      label: launcher.getAttribute('aria-label'),
      atRightEdge: Math.abs(box.right - window.innerWidth) <= 1,
    };
  });

/** Clicks inside the overlay once it is there (Firefox may still be swapping documents after a navigation). */
const click = (page: Page, selector: string) =>
  waitFor(`${selector} to click`, () =>
    page
      .evaluate((s) => {
        const target = document.querySelector('ai-http-overlay')?.shadowRoot?.querySelector<HTMLElement>(s);
        target?.click();
        return !!target;
      }, selector)
      .catch(() => false),
  );

/**
 * Reloads the page and answers the overlay's state in the new document once `ready` holds there.
 * A mark left on the old document tells them apart: Firefox over BiDi can answer `reload` while
 * the old document, with its overlay, is still the one queried.
 */
async function reloaded(page: Page, what: string, ready: (state: NonNullable<Awaited<ReturnType<typeof overlayState>>>) => boolean) {
  await page.evaluate(() => ((window as unknown as { beforeReload: boolean }).beforeReload = true));
  await page.reload({ waitUntil: 'load' });
  return waitFor(what, async () => {
    const fresh = await page.evaluate(() => !(window as unknown as { beforeReload?: boolean }).beforeReload).catch(() => false);
    const state = fresh ? await overlayState(page).catch(() => null) : null;
    return state && ready(state) ? state : null;
  }, 30_000);
}

describe(`the launcher in ${kind}`, () => {
  let ext: ExtensionBrowser;
  const n8n = n8nUnderTest();
  let workflow: WebhookWorkflow;

  beforeAll(async () => {
    ext = await launchWithExtension(kind);
    await signInToN8n(ext.browser, n8n);
    workflow = await createWebhookWorkflow(n8n, `http://127.0.0.1:${await closedPort()}/orders`);
    expect((await workflow.trigger({ order: { id: 1 } })).status).toBe(200);
    expect((await workflow.trigger({ order: { id: 2 } })).status).toBe(200);
  }, 120_000);
  afterAll(() => ext?.close());

  it('leaves a tab with the failure count after ×, remembers it across a reload, and brings the panel back', async () => {
    for (const lang of ['en', 'ar']) {
      const page = await ext.browser.newPage();
      await page.goto(`${n8n.url}/workflow/${workflow.id}?lang=${lang}`, { waitUntil: 'load' });
      await page.waitForSelector('>>> [data-testid=failing-node]', { timeout: 30_000 });
      expect(await page.evaluate(() => document.querySelector('ai-http-overlay')?.shadowRoot?.querySelector<HTMLElement>('[data-testid=overlay-panel]')?.dir)).toBe(lang === 'ar' ? 'rtl' : 'ltr');
      expect(await overlayState(page)).toMatchObject({ panelShown: true, launcherShown: false });

      await click(page, '.close');
      const closed = await waitFor('the launcher with its badge', async () => {
        const state = await overlayState(page);
        return state?.launcherShown && state.badge === '2' ? state : null;
      });
      expect(closed).toMatchObject({ panelShown: false, atRightEdge: true });
      expect(closed.label).toContain(lang === 'en' ? '2 failed executions in this workflow' : 'تنفيذان فاشلان');
      await screenshot(page, `${kind}-launcher-${lang}`);

      // Closed stays closed for this site after a reload.
      const closedAfterReload = await reloaded(page, 'the launcher after a reload', (state) => state.badge === '2');
      expect(closedAfterReload).toMatchObject({ panelShown: false, launcherShown: true });

      await click(page, '[data-testid=overlay-launcher]');
      // The panel comes back on the next render, not within the click.
      const reopened = await waitFor('the panel back', async () => {
        const state = await overlayState(page);
        return state?.panelShown ? state : null;
      });
      expect(reopened).toMatchObject({ panelShown: true, launcherShown: false });
      const openAfterReload = await reloaded(page, 'the panel and its failure after a reload', (state) => state.failingNode);
      expect(openAfterReload).toMatchObject({ panelShown: true, launcherShown: false });
      await page.close();
    }
  }, 120_000);
});
