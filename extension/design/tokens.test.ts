import { afterEach, describe, expect, it } from 'vitest';
import { contrastRatio } from './contrast.ts';
import { COMPONENTS_CSS, DESIGN_CSS, installStyles } from './styles.ts';
import { COLORS, THEMES, cssVar, type ColorToken } from './tokens.ts';

// Which colour is drawn on which: every text colour on every surface it can land on (a muted
// hint inside a selected row, a link in a menu…), status text on its own tint, white on the
// solid buttons. WCAG AA: 4.5:1 for text.
const SURFACES: ColorToken[] = ['bg', 'surface', 'raised', 'sunken', 'hover', 'selected'];
const TEXTS: ColorToken[] = ['text', 'textStrong', 'textMuted', 'accentText', 'danger', 'success', 'warning', 'info'];
const TEXT_PAIRS: [ColorToken, ColorToken][] = [
  ...TEXTS.flatMap((text) => SURFACES.map((surface): [ColorToken, ColorToken] => [text, surface])),
  ['danger', 'dangerBg'],
  ['success', 'successBg'],
  ['warning', 'warningBg'],
  ['info', 'infoBg'],
  ['text', 'dangerBg'],
  ['onSolid', 'accentSolid'],
  ['onSolid', 'accentSolidHover'],
  ['onSolid', 'dangerSolid'],
  ['onSolid', 'dangerSolidHover'],
];
// Boundaries and states of controls need 3:1 against what is next to them (WCAG 1.4.11): input
// borders, the selected-tab bar, switch and checkbox states, the focus ring, the tick.
const CONTROL_PAIRS: [ColorToken, ColorToken][] = [
  ...(['bg', 'surface', 'raised'] as const).flatMap((surface): [ColorToken, ColorToken][] => [
    ['borderStrong', surface],
    ['accent', surface],
    ['focus', surface],
  ]),
  ['focus', 'hover'],
  ['focus', 'sunken'],
  ['onAccent', 'accent'],
  ['surface', 'accent'],
  ['surface', 'borderStrong'],
];

describe.each(THEMES)('the %s theme', (theme) => {
  const color = (token: ColorToken) => COLORS[token][theme];

  it.each(TEXT_PAIRS)('draws %s on %s at 4.5:1 or more', (text, background) => {
    expect(contrastRatio(color(text), color(background))).toBeGreaterThanOrEqual(4.5);
  });

  it.each(CONTROL_PAIRS)('draws %s against %s at 3:1 or more', (mark, background) => {
    expect(contrastRatio(color(mark), color(background))).toBeGreaterThanOrEqual(3);
  });
});

describe('the contrast formula', () => {
  it('gives the WCAG extremes and a known mid value', () => {
    expect(contrastRatio('#000', '#fff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#777777')).toBe(1);
    // #767676 on white is the classic "just passes AA" grey.
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
  });
});

describe('the stylesheet', () => {
  it('uses logical properties only, so right-to-left needs no second stylesheet', () => {
    const physical = [
      /(?<![\w-])(margin|padding|border)-(left|right|top|bottom)\b/,
      /(?<![\w-])(left|right|top|bottom)\s*:/,
      /(?<![\w-])(min-|max-)?(width|height)\s*:/,
      /text-align\s*:\s*(left|right)/,
      /float\s*:\s*(left|right)/,
    ];
    const declarations = DESIGN_CSS.replace(/\/\*[\s\S]*?\*\//g, '');
    for (const pattern of physical) expect(declarations).not.toMatch(pattern);
  });

  it('refers only to tokens that exist', () => {
    const defined = new Set(DESIGN_CSS.match(/--ah-[\w-]+(?=:)/g));
    const used = new Set(COMPONENTS_CSS.match(/var\((--ah-[\w-]+)\)/g)?.map((v) => v.slice(4, -1)));
    expect(used.size).toBeGreaterThan(20);
    for (const name of used) expect(defined, name).toContain(name);
  });
});

type HappyDomWindow = Window & { happyDOM: { settings: { device: { prefersColorScheme: string } } } };
function setSystemScheme(scheme: 'light' | 'dark') {
  (window as unknown as HappyDomWindow).happyDOM.settings.device.prefersColorScheme = scheme;
  // happy-dom keeps computed styles until a stylesheet changes, as a browser would not.
  document.head.append(document.createElement('style'));
}

describe('theme switching', () => {
  afterEach(() => {
    setSystemScheme('light');
    document.head.replaceChildren();
    document.body.replaceChildren();
    delete document.documentElement.dataset.theme;
  });

  // Read through a real property: custom properties resolve where they are used.
  const surfaceOf = (el: HTMLElement) => {
    el.style.backgroundColor = `var(${cssVar('surface')})`;
    return getComputedStyle(el).backgroundColor;
  };
  const schemeOf = (el: Element) => getComputedStyle(el).getPropertyValue('color-scheme').trim();

  it('follows prefers-color-scheme when no data-theme is set', () => {
    installStyles(document, DESIGN_CSS);
    const el = document.body.appendChild(document.createElement('div'));
    expect([surfaceOf(el), schemeOf(document.documentElement)]).toEqual([COLORS.surface.light, 'light']);
    setSystemScheme('dark');
    expect([surfaceOf(el), schemeOf(document.documentElement)]).toEqual([COLORS.surface.dark, 'dark']);
  });

  it('lets data-theme override the system either way, for a subtree', () => {
    installStyles(document, DESIGN_CSS);
    const dark = document.body.appendChild(document.createElement('div'));
    dark.dataset.theme = 'dark';
    const inside = dark.appendChild(document.createElement('span'));
    expect([surfaceOf(inside), schemeOf(dark)]).toEqual([COLORS.surface.dark, 'dark']);

    setSystemScheme('dark');
    document.documentElement.dataset.theme = 'light';
    expect([surfaceOf(document.body), schemeOf(document.documentElement)]).toEqual([COLORS.surface.light, 'light']);
    expect(surfaceOf(inside)).toBe(COLORS.surface.dark);
  });

  it('works inside a shadow root, where the overlay lives', () => {
    const host = document.body.appendChild(document.createElement('div'));
    const shadow = host.attachShadow({ mode: 'open' });
    installStyles(shadow, DESIGN_CSS);
    const panel = shadow.appendChild(document.createElement('div'));
    expect(surfaceOf(panel)).toBe(COLORS.surface.light);
    panel.dataset.theme = 'dark';
    expect([surfaceOf(panel), schemeOf(panel)]).toEqual([COLORS.surface.dark, 'dark']);
  });

  it('installs its styles once per root', () => {
    installStyles(document, DESIGN_CSS);
    installStyles(document, DESIGN_CSS);
    expect(document.head.querySelectorAll('style[data-ah-styles]')).toHaveLength(1);
  });
});
