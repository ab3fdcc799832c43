// Every surface in the design system, as a user sees it: the toolbar popup, the options page and
// the overlay on a real n8n page showing a real failure, each in light, dark and Arabic. Each is
// checked for its theme, its direction, its width and the contrast of every text it paints, and
// photographed into test-results/e2e/.
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort, createWebhookWorkflow, type WebhookWorkflow } from '../../../tests/support/n8n.ts';
import { N8N_SELECTORS } from '../../content/n8n-page.ts';
import { COLORS, type Theme } from '../../design/tokens.ts';
import { lowContrastTexts } from './contrast.ts';
import { browserKind, launchWithExtension, n8nUnderTest, screenshot, signInToN8n, type ExtensionBrowser } from './harness.ts';

const kind = browserKind();
const LOOKS = [
  { name: 'light', theme: 'light', lang: 'en' },
  { name: 'dark', theme: 'dark', lang: 'en' },
  { name: 'arabic', theme: 'light', lang: 'ar' },
] as const;

const hexOf = (rgb: string) => `#${rgb.match(/\d+/g)!.slice(0, 3).map((c) => Number(c).toString(16).padStart(2, '0')).join('')}`;

describe(`the surfaces in ${kind}`, () => {
  const browsers: Partial<Record<Theme, ExtensionBrowser>> = {};
  const n8n = n8nUnderTest();
  let workflow: WebhookWorkflow;

  beforeAll(async () => {
    // The extension pages follow the system's theme: one browser for each.
    browsers.light = await launchWithExtension(kind);
    browsers.dark = await launchWithExtension(kind, { systemDark: true });
    await signInToN8n(browsers.light.browser, n8n);
    await signInToN8n(browsers.dark.browser, n8n);
    workflow = await createWebhookWorkflow(n8n, `http://127.0.0.1:${await closedPort()}/orders`);
    expect((await workflow.trigger({ order: { id: 42 } })).status).toBe(200);
  }, 180_000);
  afterAll(async () => {
    await browsers.light?.close();
    await browsers.dark?.close();
  });

  async function expectReadable(page: Page, root: string) {
    const { count, failing } = await lowContrastTexts(page, root);
    expect(count).toBeGreaterThan(3);
    expect(failing).toEqual([]);
  }

  it.each(LOOKS)('shows the popup at 360 px, without sideways scrolling or a long page ($name)', async ({ name, theme, lang }) => {
    const popup = await browsers[theme]!.openExtensionPage(`popup.html${lang === 'ar' ? '?lang=ar' : ''}`, '[data-testid=paste-input]');
    await popup.setViewport({ width: 360, height: 600 });
    const shape = await popup.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      scrollHeight: document.documentElement.scrollHeight,
      dir: document.documentElement.dir,
      background: getComputedStyle(document.body).backgroundColor,
    }));
    expect(shape.scrollWidth).toBeLessThanOrEqual(360);
    // The popup is one screen of at most 600 px: the builder scrolls inside it.
    expect(shape.scrollHeight).toBeLessThanOrEqual(600);
    expect(shape.dir).toBe(lang === 'ar' ? 'rtl' : 'ltr');
    expect(hexOf(shape.background)).toBe(COLORS.bg[theme]);
    // Every view's tab is drawn whole inside the tab list (its second row was once cut off).
    const tabs = await popup.$$eval('.builder [role=tab]', (elements) =>
      elements.map((tab) => {
        const list = tab.closest('[role=tablist]')!.getBoundingClientRect();
        const box = tab.getBoundingClientRect();
        return { name: tab.getAttribute('data-testid'), whole: box.height > 0 && box.top >= list.top - 1 && box.bottom <= list.bottom + 1 };
      }),
    );
    expect(tabs.filter((tab) => tab.name?.startsWith('tab-'))).toEqual(['request', 'templates', 'openapi', 'history', 'saved'].map((id) => ({ name: `tab-${id}`, whole: true })));
    await expectReadable(popup, '#root');
    await screenshot(popup, `${kind}-surface-popup-${name}`);
    await popup.close();
  });

  it.each(LOOKS)('shows the options page in cards ($name)', async ({ name, theme, lang }) => {
    const options = await browsers[theme]!.openExtensionPage(`options.html${lang === 'ar' ? '?lang=ar' : ''}`, '[data-testid=instance-form]');
    const card = await options.$eval('[data-testid=account]', (el) => getComputedStyle(el).backgroundColor);
    expect(hexOf(card)).toBe(COLORS.surface[theme]);
    await expectReadable(options, '#root');
    await screenshot(options, `${kind}-surface-options-${name}`);
    await options.close();
  });

  it.each(LOOKS)('shows the overlay with the failure, following n8n\'s theme ($name)', async ({ name, theme, lang }) => {
    const page = await browsers.light!.browser.newPage();
    // n8n takes its theme from ?theme=; the overlay its language from ?lang= (or the browser's).
    await page.goto(`${n8n.url}/workflow/${workflow.id}?theme=${theme}${lang === 'ar' ? '&lang=ar' : ''}`, { waitUntil: 'load' });
    await page.waitForSelector('>>> [data-testid=failing-node]', { timeout: 30_000 });
    // n8n's canvas behind the panel, for the picture.
    await page.waitForSelector(N8N_SELECTORS.canvas, { timeout: 30_000 });
    const panel = await page.evaluate(() => {
      const el = document.querySelector('ai-http-overlay')!.shadowRoot!.querySelector<HTMLElement>('[data-testid=overlay-panel]')!;
      const box = el.getBoundingClientRect();
      const body = el.querySelector('.body')!;
      return { theme: el.dataset.theme, dir: el.dir, background: getComputedStyle(el).backgroundColor, left: box.left, right: box.right, scheme: getComputedStyle(el).colorScheme, scrollbar: getComputedStyle(body).scrollbarColor };
    });
    expect(panel).toMatchObject({ theme, dir: lang === 'ar' ? 'rtl' : 'ltr', scheme: theme });
    expect(hexOf(panel.background)).toBe(COLORS.surface[theme]);
    // Its scrollbars are drawn in the theme's colours (Firefox ignores color-scheme for them here).
    expect(hexOf(panel.scrollbar)).toBe(COLORS.borderStrong[theme]);
    // Docked on the right in every language (n8n stays left to right), leaving n8n's zoom and fit
    // controls uncovered, in Arabic too.
    const width = page.viewport()!.width;
    expect(panel.right > width / 2).toBe(true);
    await page.waitForSelector(N8N_SELECTORS.canvasControls, { timeout: 20_000 });
    const controls = await page.$eval(N8N_SELECTORS.canvasControls, (el) => el.getBoundingClientRect().toJSON() as DOMRect);
    expect(controls.right <= panel.left || controls.left >= panel.right).toBe(true);
    await expectReadable(page, 'ai-http-overlay');
    await screenshot(page, `${kind}-surface-overlay-${name}`);
    await page.close();
  });
});
