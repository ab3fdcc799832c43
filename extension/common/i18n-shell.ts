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
  // keys: overlay (issue 15)
  launcherOpen: 'Open the AI-HTTP panel',
  launcherFailures_one: '{count} failed execution in this workflow',
  launcherFailures_other: '{count} failed executions in this workflow',
} as const;

export const SHELL_AR: Record<keyof typeof SHELL_EN, string> & Record<string, string> = {
  builderTitle: 'منشئ الطلبات',
  panelToggle: 'إظهار لوحة AI-HTTP أو إخفاؤها (Alt+Shift+H)',
  panelLoading: 'جارٍ قراءة تنفيذات سير العمل هذا…',
  panelUiFailed: 'تعذّر تحميل لوحة التصحيح ({message}). أعد تحميل الصفحة؛ وإن لم يُجدِ ذلك فأعد تحميل الإضافة.',
  overlayTabDebugger: "المصحح",
  overlayTabBuilder: "المُنشئ",
  // keys: overlay (issue 15)
  launcherOpen: 'افتح لوحة AI-HTTP',
  launcherFailures_one: 'تنفيذ واحد فاشل في سير العمل هذا',
  launcherFailures_other: '{count} تنفيذ فاشل في سير العمل هذا',
  launcherFailures_zero: 'لا تنفيذات فاشلة في سير العمل هذا',
  launcherFailures_two: 'تنفيذان فاشلان في سير العمل هذا',
  launcherFailures_few: '{count} تنفيذات فاشلة في سير العمل هذا',
  launcherFailures_many: '{count} تنفيذًا فاشلًا في سير العمل هذا',
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

export type Translator<Key extends string> = (key: PluralBase<Key> | Key, values?: Record<string, string | number>) => string;

/** `panelOpenItems` for keys `panelOpenItems_one` and `panelOpenItems_other`. */
type PluralBase<Key extends string> = Key extends `${infer Base}_other` ? Base : never;

/**
 * A translator over tables by language; unknown languages and missing keys fall back to English.
 * A key with plural forms (`<key>_one`, `<key>_other`, and in Arabic `_zero`, `_two`, `_few`,
 * `_many`) is asked for by its base and a `count`: the form comes from Intl.PluralRules.
 */
export function translatorOver<Key extends string>(tables: { en: Record<Key, string> } & Record<string, Partial<Record<Key, string>>>, language: string): Translator<Key> {
  const lang = tables[language.split('-')[0] ?? 'en'] ? (language.split('-')[0] ?? 'en') : 'en';
  const table = (tables[lang] ?? tables.en) as Partial<Record<string, string>>;
  const english = tables.en as Record<string, string>;
  const rules = { [lang]: new Intl.PluralRules(lang), en: new Intl.PluralRules('en') };
  const pick = (source: Partial<Record<string, string>>, rulesFor: Intl.PluralRules, key: string, count: number | undefined) =>
    count === undefined ? source[key] : (source[`${key}_${rulesFor.select(count)}`] ?? source[`${key}_other`] ?? source[key]);
  return (key, values = {}) => {
    const count = values.count === undefined ? undefined : Number(values.count);
    const text = pick(table, rules[lang]!, key, count) ?? pick(english, rules.en!, key, count) ?? key;
    return text.replace(/\{(\w+)\}/g, (_, name: string) => (values[name] === undefined ? `{${name}}` : String(values[name])));
  };
}

/** The content script's translator (the overlay's shell and the features' tab titles). */
export const t = translatorOver<keyof typeof SHELL_EN>({ en: SHELL_EN, ar: SHELL_AR }, uiLanguage());
