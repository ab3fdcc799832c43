import { AppError } from '../errors.ts';
import { parseFormBody } from '../request/content-type.ts';
import type { Pair } from '../request/spec.ts';

/** An http(s) address as the builder keeps it: the URL without its query, and the query as rows. */
export function splitUrl(address: string): { url: string; query: Pair[] } {
  let parsed: URL;
  try {
    parsed = new URL(address);
  } catch {
    throw new AppError('IMPORT_UNRECOGNIZED', `"${address.slice(0, 200)}" is not a valid URL.`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new AppError('IMPORT_UNRECOGNIZED', `n8n's HTTP Request node only calls http:// and https:// addresses, not ${parsed.protocol}//.`);
  const at = address.indexOf('?');
  const hash = address.indexOf('#');
  const end = hash === -1 ? address.length : hash;
  if (at === -1 || at > end) return { url: address.slice(0, end), query: [] };
  return { url: address.slice(0, at), query: parseFormBody(address.slice(at + 1, end)) ?? [] };
}
