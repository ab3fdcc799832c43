// WCAG AA in the real browser: every element that paints text, with the colour it is drawn in
// and the colour behind it (translucent backgrounds composited), measured where it is shown.
import type { Page } from 'puppeteer-core';
import { contrastRatio } from '../../design/contrast.ts';

export interface PaintedText {
  text: string;
  color: string;
  background: string;
  ratio: number;
}

const hex = (rgb: number[]) => `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;

/**
 * The texts visible under `root` (a selector; a shadow host is looked into), each with its
 * contrast ratio. Disabled controls are dimmed on purpose and exempt, so dimmed text is skipped.
 */
export async function paintedTexts(page: Page, root: string): Promise<PaintedText[]> {
  const pairs = await page.evaluate((rootSelector) => {
    const parse = (value: string) => value.match(/[\d.]+/g)!.map(Number);
    const parentOf = (el: Element): Element | null => el.parentElement ?? ((el.getRootNode() as ShadowRoot).host as Element | undefined) ?? null;
    const backgroundOf = (start: Element) => {
      const layers: number[][] = [];
      for (let el: Element | null = start; el; el = parentOf(el)) {
        const [r, g, b, a = 1] = parse(getComputedStyle(el).backgroundColor);
        if (a > 0) layers.unshift([r!, g!, b!, a]);
        if (a >= 1) break;
      }
      return layers.reduce((under, [r, g, b, a]) => [0, 1, 2].map((i) => under[i]! * (1 - a!) + [r, g, b][i]! * a!), [255, 255, 255]);
    };
    const shown = (el: Element) => {
      for (let node: Element | null = el; node; node = parentOf(node)) {
        const style = getComputedStyle(node);
        if (style.display === 'none' || style.visibility === 'hidden' || Number(style.opacity) < 1) return false;
      }
      return el.getClientRects().length > 0;
    };
    const host = document.querySelector(rootSelector);
    const scope = host?.shadowRoot ?? host;
    if (!scope) return [];
    return [...scope.querySelectorAll('*')]
      .filter((el) => [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim()) && shown(el))
      .map((el) => ({ text: el.textContent!.trim().slice(0, 40), color: parse(getComputedStyle(el).color).slice(0, 3), background: backgroundOf(el) }));
  }, root);
  return pairs.map((p) => {
    const color = hex(p.color);
    const background = hex(p.background);
    return { text: p.text, color, background, ratio: contrastRatio(color, background) };
  });
}

/** The painted texts below AA (4.5:1). */
export async function lowContrastTexts(page: Page, root: string): Promise<{ count: number; failing: PaintedText[] }> {
  const texts = await paintedTexts(page, root);
  return { count: texts.length, failing: texts.filter((t) => t.ratio < 4.5) };
}
