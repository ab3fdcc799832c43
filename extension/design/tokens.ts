// The design tokens: one table per theme, turned into CSS custom properties (`--ah-*`) for the
// extension pages and for the overlay's shadow root. The prefix keeps n8n's own variables, which
// inherit into the shadow root, from ever meeting ours.
//
// Colours follow n8n 2.x's editor (its neutral greys and orange-red accent, read from the
// 2.40.7 stylesheet), darkened or lightened where n8n's own pairs miss WCAG AA: every text
// colour here reaches 4.5:1 on every surface it is drawn on, and every control boundary 3:1
// (tokens.test.ts computes each pair).

export const THEMES = ['light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

/** Colours that change with the theme. */
export const COLORS = {
  /** Page background behind cards (extension pages, the timeline track). */
  bg: { light: '#f5f5f5', dark: '#171717' },
  /** Cards, the panel, inputs. */
  surface: { light: '#ffffff', dark: '#262626' },
  /** Menus, dialogs, toasts: above the surface. */
  raised: { light: '#ffffff', dark: '#303030' },
  /** Code, JSON and other inset wells. */
  sunken: { light: '#f5f5f5', dark: '#1c1c1c' },
  hover: { light: '#ededed', dark: '#3a3a3a' },
  selected: { light: '#fff1e6', dark: '#3d2a1f' },
  border: { light: '#e0e0e0', dark: '#3d3d3d' },
  /** Input, checkbox and switch boundaries (3:1 against the surface, WCAG 1.4.11). */
  borderStrong: { light: '#8c8c8c', dark: '#808080' },
  text: { light: '#444444', dark: '#e5e5e5' },
  textStrong: { light: '#262626', dark: '#fafafa' },
  textMuted: { light: '#666666', dark: '#b3b3b3' },
  /** Indicators: selected tab, switch on, progress, checkbox checked. */
  accent: { light: '#f54900', dark: '#ff7a33' },
  /** Marks drawn on the accent (the checkbox's tick). */
  onAccent: { light: '#ffffff', dark: '#171717' },
  /** Accent-coloured text: links, the selected tab's label. */
  accentText: { light: '#c43900', dark: '#ff9b5e' },
  /** The primary button's fill, with white text in both themes. */
  accentSolid: { light: '#d03b00', dark: '#d03b00' },
  accentSolidHover: { light: '#b33200', dark: '#b33200' },
  onSolid: { light: '#ffffff', dark: '#ffffff' },
  focus: { light: '#d03b00', dark: '#ff8c4a' },
  danger: { light: '#c10007', dark: '#ff7b7b' },
  dangerBg: { light: '#fef2f2', dark: '#3b1b1b' },
  dangerSolid: { light: '#d6000a', dark: '#d6000a' },
  dangerSolidHover: { light: '#b00008', dark: '#b00008' },
  success: { light: '#007a37', dark: '#4fd98a' },
  successBg: { light: '#effcf3', dark: '#15301f' },
  warning: { light: '#a14f00', dark: '#f5b83d' },
  warningBg: { light: '#fff8eb', dark: '#33280f' },
  info: { light: '#1557e0', dark: '#78afff' },
  infoBg: { light: '#eef5ff', dark: '#162640' },
  backdrop: { light: 'rgb(0 0 0 / 40%)', dark: 'rgb(0 0 0 / 60%)' },
  shadow: { light: 'rgb(0 0 0 / 12%)', dark: 'rgb(0 0 0 / 45%)' },
} as const satisfies Record<string, Record<Theme, string>>;

export type ColorToken = keyof typeof COLORS;

/** Everything else: the same in both themes. Sizes are in px because rem inside the overlay would follow n8n's root font size. */
export const SCALE = {
  // A 4 px spacing scale.
  'space-1': '4px',
  'space-2': '8px',
  'space-3': '12px',
  'space-4': '16px',
  'space-5': '20px',
  'space-6': '24px',
  'space-8': '32px',
  'radius-sm': '4px',
  'radius-md': '6px',
  'radius-lg': '8px',
  'radius-full': '999px',
  // "Open Sans" was n8n's face; the system stack covers everyone else, Arabic included.
  font: '"Open Sans", system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Noto Sans Arabic", Tahoma, Arial, sans-serif',
  'font-mono': 'ui-monospace, Menlo, Consolas, "DejaVu Sans Mono", monospace',
  'text-xs': '11px',
  'text-sm': '12px',
  'text-md': '13px',
  'text-lg': '15px',
  'text-xl': '18px',
  'weight-medium': '500',
  'weight-bold': '600',
  'control-sm': '28px',
  'control-md': '32px',
  duration: '140ms',
  'shadow-sm': '0 1px 2px var(--ah-shadow)',
  'shadow-lg': '0 8px 24px var(--ah-shadow), 0 1px 3px var(--ah-shadow)',
} as const;

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** `--ah-accent-text` for `accentText`. */
export const cssVar = (token: ColorToken | keyof typeof SCALE) => `--ah-${kebab(token)}`;

function themeBlock(theme: Theme): string {
  const colors = Object.entries(COLORS).map(([name, value]) => `${cssVar(name as ColorToken)}:${value[theme]}`);
  return `color-scheme:${theme};${colors.join(';')}`;
}

/**
 * The tokens as CSS. The light theme is the default; the dark one applies when the system
 * prefers it (unless an ancestor says `data-theme="light"`), or under `data-theme="dark"`.
 * `color-scheme` travels with the theme, so scrollbars and native controls follow it too.
 */
export function tokensCss(): string {
  const scale = Object.entries(SCALE)
    .map(([name, value]) => `${cssVar(name as keyof typeof SCALE)}:${value}`)
    .join(';');
  return [
    `:root,:host{${scale}}`,
    `:root,:host,[data-theme=light]{${themeBlock('light')}}`,
    `@media (prefers-color-scheme:dark){:root:not([data-theme=light]),:host{${themeBlock('dark')}}}`,
    `[data-theme=dark]{${themeBlock('dark')}}`,
    `@media (prefers-reduced-motion:reduce){:root,:host{${cssVar('duration')}:0ms}}`,
  ].join('\n');
}

export const TOKENS_CSS = /* @__PURE__ */ tokensCss();
