// The panel never covers n8n: at 1440×900 and 1024×768, in English and Arabic, in n8n's light and
// dark themes, with n8n's node view (NDV) closed and open, none of n8n's listed controls shares a
// pixel with the panel (or with its launcher rail, which the panel folds to while the node view is
// open, and which steps aside where the node view would not fit beside it: the output pane is
// clipped no more than n8n clips it on its own). Each layout is photographed into
// test-results/e2e/layout/. With the node view closed, every text and link the panel paints meets
// WCAG AA in the browser.
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort, createWebhookWorkflow, type WebhookWorkflow } from '../../../tests/support/n8n.ts';
import { N8N_SELECTORS, NODE_VIEW_MIN_WIDTH } from '../../content/n8n-page.ts';
import { lowContrastTexts } from './contrast.ts';
import { browserKind, launchWithExtension, n8nUnderTest, screenshot, signInToN8n, waitFor, type ExtensionBrowser } from './harness.ts';

const kind = browserKind();

/** n8n's controls the panel must leave uncovered (n8n 2.40.7's data-test-ids). */
const N8N_CONTROLS = {
  sidebar: '#sidebar, [data-test-id="main-sidebar-settings"], [data-test-id="project-home-menu-item"]',
  viewTabs: '[data-test-id="radio-button-workflow"], [data-test-id="radio-button-executions"], [data-test-id="radio-button-evaluation"]',
  publish: '[data-test-id="workflow-open-publish-modal-button"]',
  canvasToolbar: '[data-test-id="node-creator-plus-button"], [data-test-id="toggle-focus-panel-button"], [data-test-id="instance-ai-canvas-action-button"], [data-test-id="command-bar-button"]',
  zoom: N8N_SELECTORS.canvasControls,
  logs: '[data-test-id="logs-panel"], [data-test-id="logs-overview-header"]',
  nodes: N8N_SELECTORS.canvasNode,
  executeWorkflow: '[data-test-id="execute-workflow-button"]',
  nodeView: `${N8N_SELECTORS.nodeView}, [data-test-id="output-panel"], [data-test-id="input-panel"], [data-test-id="ndv-close-button"], [data-test-id="node-parameters"]`,
};

interface Box {
  name: string;
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** The boxes of n8n's listed controls on screen, and the panel's (or its rail's). */
function layoutOf(page: Page) {
  return page.evaluate((controls) => {
    const boxOf = (name: string, el: Element) => {
      const r = el.getBoundingClientRect();
      return { name, left: r.left, top: r.top, right: r.right, bottom: r.bottom };
    };
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
    };
    const root = document.querySelector('ai-http-overlay')?.shadowRoot;
    const ours = [...(root?.querySelectorAll('[data-testid=overlay-panel], [data-testid=overlay-launcher]') ?? [])].filter(visible);
    const n8n = Object.entries(controls).flatMap(([name, selector]) => [...document.querySelectorAll(selector)].filter(visible).map((el) => boxOf(name, el)));
    return { ours: ours.map((el) => boxOf((el as HTMLElement).dataset.testid!, el)), n8n, width: innerWidth, height: innerHeight };
  }, N8N_CONTROLS);
}

const intersects = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

describe(`the panel beside n8n in ${kind}`, () => {
  let ext: ExtensionBrowser;
  let workflow: WebhookWorkflow;
  const n8n = n8nUnderTest();

  beforeAll(async () => {
    ext = await launchWithExtension(kind);
    await signInToN8n(ext.browser, n8n);
    workflow = await createWebhookWorkflow(n8n, `http://127.0.0.1:${await closedPort()}/orders`);
    expect((await workflow.trigger({ order: { id: 42 } })).status).toBe(200);
  }, 120_000);
  afterAll(() => ext?.close());

  const LAYOUTS = [1440, 1024].flatMap((width) => ['en', 'ar'].flatMap((lang) => ['light', 'dark'].map((theme) => ({ width, height: width === 1440 ? 900 : 768, lang, theme }))));

  it.each(LAYOUTS)('covers none of n8n\'s controls at $width px, $lang, $theme, node view closed and open', async ({ width, height, lang, theme }) => {
    const page = await ext.browser.newPage();
    await page.setViewport({ width, height });
    await page.goto(`${n8n.url}/workflow/${workflow.id}?theme=${theme}&lang=${lang}`, { waitUntil: 'load' });
    await page.waitForSelector('>>> [data-testid=failing-node]', { timeout: 30_000 });
    await page.waitForSelector(`${N8N_SELECTORS.canvasNode}[data-node-name="Call API"]`, { timeout: 30_000 });
    await page.waitForSelector(N8N_SELECTORS.canvasControls, { timeout: 30_000 });
    const name = `layout/${kind}-${width}-${lang}-${theme}`;

    // Measured once n8n has drawn every listed control (its canvas toolbar comes last).
    const expected = ['sidebar', 'viewTabs', 'publish', 'canvasToolbar', 'zoom', 'logs', 'nodes', 'executeWorkflow'];
    const closed = await waitFor('n8n\'s controls on screen', async () => {
      const layout = await layoutOf(page);
      return expected.every((control) => layout.n8n.some((box) => box.name === control)) ? layout : null;
    }, 20_000);
    expect(closed.ours.map((box) => box.name)).toEqual(['overlay-panel']);
    const panel = closed.ours[0]!;
    // Docked at the right edge, full height.
    expect(Math.round(panel.right)).toBe(width);
    expect(new Set(closed.n8n.map((box) => box.name))).toEqual(new Set(expected));
    expect(closed.n8n.filter((box) => intersects(box, panel))).toEqual([]);
    // The theme's color-scheme, so the browser draws the panel's scrollbars in it too.
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('ai-http-overlay')!.shadowRoot!.querySelector('[data-testid=overlay-panel]')!).colorScheme)).toBe(theme);
    // Every text and link of the panel meets WCAG AA (4.5:1) in this theme, the Open in n8n link among them.
    expect(await page.evaluate(() => document.querySelector('ai-http-overlay')!.shadowRoot!.querySelector('[data-testid=open-in-n8n]')!.getClientRects().length)).toBeGreaterThan(0);
    const { count, failing } = await lowContrastTexts(page, 'ai-http-overlay');
    expect(count).toBeGreaterThan(10);
    expect(failing).toEqual([]);
    await screenshot(page, `${name}-canvas`);

    // n8n's node view opens on a double click on the node: the panel folds to its rail, which
    // steps aside where n8n's node view needs the whole window.
    await page.click(`${N8N_SELECTORS.canvasNode}[data-node-name="Call API"]`, { count: 2 });
    await page.waitForSelector(N8N_SELECTORS.nodeView, { visible: true, timeout: 20_000 });
    // n8n's node view needs 1,028 px, the rail 36 more: at 1024 px the rail is out of the way.
    const railFits = width === 1440;
    const open = await waitFor('the panel folded to its rail, or out of the way', async () => {
      const layout = await layoutOf(page);
      return layout.ours.map((box) => box.name).join() === (railFits ? 'overlay-launcher' : '') ? layout : null;
    });
    expect(open.n8n.some((box) => box.name === 'nodeView')).toBe(true);
    expect(open.n8n.filter((box) => open.ours.some((ours) => intersects(box, ours)))).toEqual([]);
    // The output pane runs past the node view's edge no further than n8n's own layout makes it at
    // this width (its panes' minimums), once n8n has laid the node view out for the room it has.
    const overflowAlone = Math.max(0, (NODE_VIEW_MIN_WIDTH - width) / 2);
    const overflow = await waitFor('the node view laid out', () =>
      page.evaluate((view, output) => {
        const edge = document.querySelector(view)!.getBoundingClientRect().right;
        const pane = document.querySelector(output)?.getBoundingClientRect();
        return pane && pane.width > 0 ? pane.right - edge : null;
      }, N8N_SELECTORS.nodeView, N8N_SELECTORS.nodeViewOutput),
    );
    expect(overflow).toBeLessThanOrEqual(overflowAlone + 2);
    await screenshot(page, `${name}-node-view`);
    await page.close();
  }, 120_000);

  it('follows n8n as it changes: the node view closing brings the panel back, and a narrower window keeps everything clear', async () => {
    const page = await ext.browser.newPage();
    await page.setViewport({ width: 1440, height: 900 });
    await page.goto(`${n8n.url}/workflow/${workflow.id}?lang=en`, { waitUntil: 'load' });
    await page.waitForSelector('>>> [data-testid=failing-node]', { timeout: 30_000 });
    await page.waitForSelector(`${N8N_SELECTORS.canvasNode}[data-node-name="Call API"]`, { timeout: 30_000 });
    await page.click(`${N8N_SELECTORS.canvasNode}[data-node-name="Call API"]`, { count: 2 });
    await page.waitForSelector(N8N_SELECTORS.nodeView, { visible: true, timeout: 20_000 });
    await page.keyboard.press('Escape');
    const back = await waitFor('the panel back once the node view closed', async () => {
      const layout = await layoutOf(page);
      return layout.ours.length === 1 && layout.ours[0]!.name === 'overlay-panel' && !layout.n8n.some((box) => box.name === 'nodeView') ? layout : null;
    });
    expect(back.n8n.filter((box) => intersects(box, back.ours[0]!))).toEqual([]);
    await page.setViewport({ width: 1024, height: 768 });
    const narrow = await waitFor('the layout at 1024 px', async () => {
      const layout = await layoutOf(page);
      return layout.width === 1024 && layout.ours[0] && Math.round(layout.ours[0].right) === 1024 ? layout : null;
    });
    expect(narrow.n8n.filter((box) => intersects(box, narrow.ours[0]!))).toEqual([]);
    expect(narrow.n8n.some((box) => box.name === 'zoom')).toBe(true);
    await screenshot(page, `layout/${kind}-resized-to-1024`);
    await page.close();
  }, 120_000);
});
