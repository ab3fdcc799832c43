// The design system in a real browser: every primitive on the gallery page (design/gallery/),
// in both themes and in Arabic, in the document and inside a shadow root as the overlay has it.
// Screenshots go to test-results/design/ for a person to look at.
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGallery, serveGallery } from '../../design/gallery/serve.ts';
import { COLORS } from '../../design/tokens.ts';
import { lowContrastTexts } from './contrast.ts';
import { browserKind, launchBrowser, waitFor } from './harness.ts';

const kind = browserKind();
const SHOTS = resolve(import.meta.dirname, '../../../test-results/design');
let browser: Browser;
let close: () => Promise<void>;
let server: Server;
let base: string;

beforeAll(async () => {
  const out = resolve(import.meta.dirname, '../../.output/design-gallery');
  await buildGallery(out);
  ({ url: base, server } = await serveGallery(out));
  ({ browser, close } = await launchBrowser(kind));
  mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await close?.();
  server?.close();
});

async function open(query: string, width = 1280): Promise<Page> {
  const page = await browser.newPage();
  await page.setViewport({ width, height: 900 });
  await page.goto(`${base}?${query}`);
  await page.waitForSelector('>>> .ah-card');
  return page;
}

const shot = (page: Page, name: string, fullPage = true) => page.screenshot({ path: join(SHOTS, `${name}-${kind}.png`) as `${string}.png`, fullPage });

/** The computed background of the first card, as #rrggbb. */
const cardBackground = (page: Page) => page.$eval('>>> .ah-card', (card) => getComputedStyle(card).backgroundColor).then(toHex);

function toHex(rgb: string): string {
  const [r, g, b] = rgb.match(/[\d.]+/g)!.map(Number) as [number, number, number];
  return `#${[r, g, b].map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
}

/** The focused element, looking through shadow roots. */
const deepFocus = (page: Page) =>
  page.evaluate(() => {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return { testid: active?.getAttribute('data-testid') ?? null, inDialog: Boolean(active?.closest('[role=alertdialog],[role=dialog]')), text: active?.textContent ?? '' };
  });

describe(`the design gallery in ${kind}`, () => {
  it('paints the light and dark themes chosen by data-theme, with matching scrollbars', async () => {
    const light = await open('theme=light');
    expect(await cardBackground(light)).toBe(COLORS.surface.light);
    await shot(light, 'gallery-light');
    const dark = await open('theme=dark');
    expect(await cardBackground(dark)).toBe(COLORS.surface.dark);
    // color-scheme is what turns the browser's own scrollbars and controls dark.
    expect(await dark.evaluate(() => getComputedStyle(document.documentElement).colorScheme)).toBe('dark');
    await shot(dark, 'gallery-dark');
    await Promise.all([light.close(), dark.close()]);
  });

  it('follows the system theme when nothing forces one', async () => {
    const light = await open('');
    expect(await cardBackground(light)).toBe(COLORS.surface.light);
    await light.close();
    const dark = await launchBrowser(kind, { systemDark: true });
    try {
      const page = await dark.browser.newPage();
      await page.goto(base);
      await page.waitForSelector('>>> .ah-card');
      expect(await cardBackground(page)).toBe(COLORS.surface.dark);
    } finally {
      await dark.close();
    }
  });

  it.each(['light', 'dark'])('keeps every text it paints at 4.5:1 or more in the %s theme', async (theme) => {
    const page = await open(`theme=${theme}`);
    const { count, failing } = await lowContrastTexts(page, '#root');
    expect(count).toBeGreaterThan(60);
    expect(failing).toEqual([]);
    await page.close();
  });

  it('lays out right to left in Arabic, with code left to right', async () => {
    const page = await open('theme=light&lang=ar');
    const layout = await page.evaluate(() => {
      const tabs = [...document.querySelectorAll('[role=tab]')].map((tab) => tab.getBoundingClientRect());
      const url = document.querySelector('.ah-input[data-mono]')!;
      return { dir: document.querySelector('.ah-root')!.getAttribute('dir'), firstTabRight: tabs[0]!.left > tabs[1]!.left, urlDirection: getComputedStyle(url).direction };
    });
    expect(layout).toEqual({ dir: 'rtl', firstTabRight: true, urlDirection: 'ltr' });
    await shot(page, 'gallery-ar');
    await page.close();
  });

  it('traps focus in a dialog inside a shadow root, closes on Escape and gives focus back', async () => {
    const page = await open('theme=dark&lang=ar&shadow=1', 1000);
    await page.click('>>> [data-testid=gallery-dialog-trigger]');
    await page.waitForSelector('>>> [data-testid=gallery-dialog]');
    await waitFor('focus inside the dialog', async () => (await deepFocus(page)).inDialog);
    await shot(page, 'dialog-ar-dark-shadow', false);
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      expect((await deepFocus(page)).inDialog).toBe(true);
    }
    await page.keyboard.press('Escape');
    await waitFor('the dialog to close', async () => (await page.$('>>> [data-testid=gallery-dialog]')) === null);
    // Ark gives focus back on the frame after the dialog unmounts: wait for it rather than read it at once.
    await waitFor('focus back on the trigger', async () => (await deepFocus(page)).testid === 'gallery-dialog-trigger');
    await page.close();
  });

  it('moves through a menu with the keyboard inside a shadow root and closes it on a click outside', async () => {
    const page = await open('theme=light&shadow=1', 1000);
    await page.focus('>>> [data-testid=gallery-menu-trigger]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('>>> [data-testid=gallery-menu]');
    const highlighted = () => page.evaluate(() => document.querySelector('#root')!.shadowRoot!.querySelector('[role=menuitem][data-highlighted]')?.textContent ?? null);
    const seen = [await waitFor('a highlighted item', highlighted)];
    for (let i = 0; i < 2; i++) {
      await page.keyboard.press('ArrowDown');
      seen.push(await waitFor('the next item', async () => ((await highlighted()) !== seen.at(-1) ? highlighted() : null)));
    }
    expect(new Set(seen).size).toBe(3);
    await shot(page, 'menu-light-shadow', false);
    await page.click('>>> .gallery-header h1');
    await waitFor('the menu to close', async () => (await page.$('>>> [data-testid=gallery-menu]')) === null);
    await page.close();
  });

  it('shows toasts at the reading end without taking focus', async () => {
    for (const lang of ['en', 'ar']) {
      const page = await open(`theme=dark&lang=${lang}`, 1000);
      await page.click('>>> [data-testid=gallery-toast-error]');
      const toast = await page.waitForSelector('>>> .ah-toast[data-type=error]');
      const box = (await toast!.boundingBox())!;
      // Bottom-right in English, bottom-left in Arabic.
      expect(lang === 'en' ? box.x + box.width > 1000 - 40 : box.x < 40).toBe(true);
      expect((await deepFocus(page)).testid).toBe('gallery-toast-error');
      await shot(page, `toast-${lang}-dark`, false);
      await page.close();
    }
  });

  it('fits a 360 px popup without scrolling sideways', async () => {
    const page = await open('theme=dark', 360);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await shot(page, 'gallery-360-dark');
    await page.close();
  });
});
