/** Control characters other than tab and line breaks: a sign of binary data, not text. */
export function hasControlCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) return true;
  }
  return false;
}

/**
 * Text no store can keep as it is: a NUL character (Postgres text and jsonb refuse it) or a lone
 * UTF-16 surrogate (not Unicode; UTF-8 encoders replace it, so what is stored differs from what
 * was sent).
 */
export function isStorableText(text: string): boolean {
  return !text.includes('\u0000') && !LONE_SURROGATE.test(text);
}
// String.prototype.isWellFormed is ES2024, past the packages' ES2023 lib.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * A date both stores keep: years 1 to 9999 in UTC. JavaScript dates reach year 275760 (and an
 * invalid one has no year); Postgres and PGlite refuse either with a 500.
 */
export function isStorableDate(date: Date): boolean {
  const year = date.getUTCFullYear();
  return year >= 1 && year <= 9999;
}

/**
 * Where the first unstorable string is in a parsed JSON value (object keys included), as a dotted
 * path (`request.headers.0.value`), or null when every string can be stored.
 */
export function findUnstorableText(value: unknown, path: string[] = []): string | null {
  if (typeof value === 'string') return isStorableText(value) ? null : path.join('.') || '(root)';
  if (typeof value !== 'object' || value === null) return null;
  for (const [key, item] of Object.entries(value)) {
    if (!isStorableText(key)) return [...path, '(a key)'].join('.');
    const found = findUnstorableText(item, [...path, key]);
    if (found) return found;
  }
  return null;
}
