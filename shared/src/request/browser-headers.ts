import type { Pair } from './spec.ts';

// Headers a browser adds by itself: they say who the browser is and where the page was, not what
// the API needs, and in an n8n node they are noise (or wrong: n8n is not that browser).
const BROWSER_ONLY = /^(origin|referer|user-agent|accept-language|accept-encoding|priority|dnt|connection|host|content-length|upgrade-insecure-requests|te|sec-[\w-]+)$/i;
/** What DevTools adds when "Disable cache" is on. */
const NO_CACHE = /^(pragma|cache-control)$/i;

/** True for a request a browser sent (its fetch metadata and client hints give it away). */
export function isBrowserCapture(headers: readonly Pair[]): boolean {
  return headers.some((h) => /^sec-(fetch|ch-ua)/i.test(h.name));
}

/**
 * The headers without the browser-only ones, and the names that were dropped (shown to the user).
 * A cookie is the browser's session: it is dropped with its own warning, as a secret.
 */
export function dropBrowserHeaders(headers: readonly Pair[]): { headers: Pair[]; dropped: string[]; droppedCookie: boolean } {
  const kept: Pair[] = [];
  const dropped: string[] = [];
  let droppedCookie = false;
  for (const header of headers) {
    const name = header.name.toLowerCase();
    if (name === 'cookie') droppedCookie = true;
    else if (BROWSER_ONLY.test(name) || (NO_CACHE.test(name) && /no-cache/i.test(header.value))) dropped.push(name);
    else kept.push(header);
  }
  return { headers: kept, dropped: [...new Set(dropped)], droppedCookie };
}
