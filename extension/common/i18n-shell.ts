// The strings and the translation machinery the overlay's content script needs, apart from the
// full table (i18n.ts), so the script that runs on every page of a granted n8n site stays small.
// i18n.ts spreads these tables into its own: every string still has one key, everywhere.
export const SHELL_EN = {
  builderTitle: 'Request builder',
  panelToggle: 'Show or hide the AI-HTTP panel (Alt+Shift+H)',
  panelLoading: 'Reading this workflow’s executions…',
  panelUiFailed: 'The debugger panel could not load ({message}). Reload the page; if that does not help, reload the extension.',
  overlayTabDebugger: "Debugger",
  overlayTabBuilder: "Builder",
} as const;

export const SHELL_AR: Record<keyof typeof SHELL_EN, string> = {
  builderTitle: 'منشئ الطلبات',
  panelToggle: 'إظهار لوحة AI-HTTP أو إخفاؤها (Alt+Shift+H)',
  panelLoading: 'جارٍ قراءة تنفيذات سير العمل هذا…',
  panelUiFailed: 'تعذّر تحميل لوحة التصحيح ({message}). أعد تحميل الصفحة؛ وإن لم يُجدِ ذلك فأعد تحميل الإضافة.',
  overlayTabDebugger: "المصحح",
  overlayTabBuilder: "المُنشئ",
};

const LANGUAGES = new Set(['en', 'ar']);
const RTL = new Set(['ar', 'he', 'fa', 'ur']);

/** The language the UI shows: `?lang=` on an extension page, else the browser's. */
export function uiLanguage(): string {
  const asked = typeof location !== 'undefined' ? new URLSearchParams(location.search).get('lang') : null;
  const chosen = (asked ?? globalThis.navigator?.language ?? 'en').split('-')[0]!;
  return LANGUAGES.has(chosen) ? chosen : 'en';
}

export const directionOf = (language: string): 'rtl' | 'ltr' => (RTL.has(language.split('-')[0]!) ? 'rtl' : 'ltr');

export type Translator<Key extends string> = (key: Key, values?: Record<string, string>) => string;

/** A translator over tables by language; unknown languages and missing keys fall back to English. */
export function translatorOver<Key extends string>(tables: { en: Record<Key, string> } & Record<string, Partial<Record<Key, string>>>, language: string): Translator<Key> {
  const table = tables[language.split('-')[0] ?? 'en'] ?? tables.en;
  return (key, values = {}) => (table[key] ?? tables.en[key]).replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? `{${name}}`);
}

/** The content script's translator (the overlay's shell and the features' tab titles). */
export const t = translatorOver<keyof typeof SHELL_EN>({ en: SHELL_EN, ar: SHELL_AR }, uiLanguage());
