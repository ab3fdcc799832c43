// The builder asks for an API's site at the Send click (the user gesture). Firefox refuses
// permissions.request after any await in the handler, so what is granted already is known
// beforehand, and a granted site is sent at once without asking again.
import { browser } from 'wxt/browser';
import { markApiOnlySite } from '../../common/api-sites.ts';
import { sitePattern } from '../../common/site-pattern.ts';

/** True when one of the granted match patterns covers the site's pattern. */
export function covers(granted: readonly string[], pattern: string): boolean {
  const [, scheme, host] = /^(https?):\/\/([^/]+)\/\*$/.exec(pattern) ?? [];
  if (!scheme || !host) return false;
  return granted.some((origin) => {
    if (origin === '<all_urls>' || origin === pattern) return true;
    const [, grantedScheme, grantedHost] = /^(\*|https?):\/\/([^/]+)\/.*$/.exec(origin) ?? [];
    if (!grantedHost || (grantedScheme !== '*' && grantedScheme !== scheme)) return false;
    const bare = grantedHost.replace(/:\d+$/, '');
    return bare === '*' || bare === host || (bare.startsWith('*.') && (host === bare.slice(2) || host.endsWith(bare.slice(1))));
  });
}

let granted: string[] = [];
let loaded: Promise<unknown> | null = null;
let settled = false;

/** Starts following the granted sites (the builder calls it when it mounts). */
export function watchGrantedSites(): void {
  if (loaded) return;
  // Firefox gives an extension page framed in a web page (the overlay's builder) no permissions
  // API: there the background's own check decides, and says how to allow the site.
  const permissions = browser.permissions as typeof browser.permissions | undefined;
  const refresh = async () => {
    const all = await permissions?.getAll?.().catch(() => undefined);
    granted = all?.origins ?? granted;
  };
  loaded = refresh().then(() => (settled = true));
  permissions?.onAdded?.addListener(() => void refresh());
  permissions?.onRemoved?.addListener(() => void refresh());
}

/**
 * Runs `then` once the site may be called: at once when it is granted, otherwise after asking
 * (call it directly from the click handler).
 */
export function whenAllowed(url: string, then: () => void, refused: (message: string) => void): void {
  const pattern = sitePattern(url);
  // A click in the builder's first instant, before the grants are known: wait for them.
  if (loaded === null) watchGrantedSites();
  if (!covers(granted, pattern) && !settled) {
    void loaded!.then(() => {
      settled = true;
      whenAllowed(url, then, refused);
    });
    return;
  }
  if (covers(granted, pattern)) {
    then();
    return;
  }
  if (!(browser.permissions as typeof browser.permissions | undefined)?.request) {
    then();
    return;
  }
  // Recorded first (the request must stay in the click), so the overlay is not registered there.
  void markApiOnlySite(pattern).catch(() => undefined);
  browser.permissions.request({ origins: [pattern] }).then(
    (ok) => {
      if (!ok) return refused('');
      granted = [...granted, pattern];
      then();
    },
    (error: Error) => refused(error.message),
  );
}
