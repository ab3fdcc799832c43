import type { Pair } from './spec.ts';

/** The media type of a header list's Content-Type, lower-cased, without parameters (`; charset=…`). */
export function contentTypeOf(headers: readonly Pair[]): string | undefined {
  const value = headers.find((h) => h.name.toLowerCase() === 'content-type')?.value;
  const type = value?.split(';', 1)[0]?.trim().toLowerCase();
  return type || undefined;
}

export function isJsonContentType(type: string | undefined): boolean {
  return type === 'application/json' || (type?.endsWith('+json') ?? false);
}

/** `a=1&b=x%20y` → rows, repeated names kept in order; null when it is not form encoding. */
export function parseFormBody(text: string): Pair[] | null {
  if (!text.includes('=')) return null;
  const rows: Pair[] = [];
  for (const piece of text.split('&')) {
    if (!piece) continue;
    const at = piece.indexOf('=');
    const name = at === -1 ? piece : piece.slice(0, at);
    const value = at === -1 ? '' : piece.slice(at + 1);
    try {
      rows.push({ name: decodeURIComponent(name.replace(/\+/g, ' ')), value: decodeURIComponent(value.replace(/\+/g, ' ')) });
    } catch {
      return null;
    }
  }
  return rows;
}

/** The inverse of parseFormBody, as browsers encode forms. */
export function encodeFormBody(rows: readonly Pair[]): string {
  const encode = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
  return rows.map((r) => `${encode(r.name)}=${encode(r.value)}`).join('&');
}
