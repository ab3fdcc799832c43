import { browser } from 'wxt/browser';
import { apiOnlySites, unmarkApiOnlySite } from '../common/api-sites.ts';
import { onMessage, sendMessage } from '../common/messages.ts';
import { sitePattern } from '../common/site-pattern.ts';
import { tabState } from './tab-status.ts';

export { sitePattern };

/**
 * The overlay's content script is never in the manifest: it is registered at runtime for the
 * origins the user granted (plus n8n Cloud, declared up front), so nothing is injected anywhere else.
 */
export const OVERLAY_SCRIPT_ID = 'ai-http-n8n-overlay';
export const OVERLAY_SCRIPT_FILE = '/content-scripts/n8n.js';

/** Origins the extension may run on: granted optional origins plus those declared in the manifest. */
export async function grantedSitePatterns(): Promise<string[]> {
  const { origins = [] } = await browser.permissions.getAll();
  return origins.filter((pattern) => /^https?:\/\/[^/*][^/]*\/\*$|^https:\/\/\*\.[^/]+\/\*$/.test(pattern)).sort();
}

/** Makes the registered overlay script match exactly the granted n8n sites (idempotent): not the API sites the builder was allowed to call. */
export async function syncOverlayRegistration(): Promise<string[]> {
  const apiSites = new Set(await apiOnlySites());
  const matches = (await grantedSitePatterns()).filter((pattern) => !apiSites.has(pattern));
  const existing = await browser.scripting.getRegisteredContentScripts({ ids: [OVERLAY_SCRIPT_ID] });
  if (matches.length === 0) {
    if (existing.length) await browser.scripting.unregisterContentScripts({ ids: [OVERLAY_SCRIPT_ID] });
    return matches;
  }
  const script = { id: OVERLAY_SCRIPT_ID, matches, js: [OVERLAY_SCRIPT_FILE], runAt: 'document_idle' as const, persistAcrossSessions: true };
  // A page (the options page's Remove) and the background may both sync: whoever registers second updates.
  if (existing.length) await browser.scripting.updateContentScripts([script]);
  else await browser.scripting.registerContentScripts([script]).catch(() => browser.scripting.updateContentScripts([script]));
  return matches;
}

/**
 * The page's half of enabling a site, called straight from the click: nothing is awaited before
 * `permissions.request` (Firefox refuses it after an await), and nothing after the grant depends
 * on the page staying open (Chrome closes the popup when its prompt takes focus): the background
 * hears `permissions.onAdded` and starts the overlay itself. A site granted already (an API site
 * the builder called) raises no prompt and no onAdded, so the page says so to the background.
 */
export function requestSiteAccess(url: string): Promise<boolean> {
  const pattern = sitePattern(url);
  return browser.permissions.request({ origins: [pattern] }).then(async (granted) => {
    if (granted) await sendMessage('enableSite', { pattern });
    return granted;
  });
}

export async function revokeSiteAccess(url: string): Promise<void> {
  await browser.permissions.remove({ origins: [sitePattern(url)] });
  await syncOverlayRegistration();
}

/** True when AI-HTTP runs on the site as an n8n site (a site the builder may only call does not count). */
export async function hasSiteAccess(url: string): Promise<boolean> {
  const pattern = sitePattern(url);
  return (await browser.permissions.contains({ origins: [pattern] })) && !(await apiOnlySites()).includes(pattern);
}

/**
 * The background's half: after a grant, the overlay is registered for the site and started in
 * every tab already open on it, so no reload is needed. Tabs where the overlay already runs (it
 * reported from that very URL) are left alone. Returns the tabs it was injected into.
 */
export async function startOnGrantedSites(patterns: readonly string[]): Promise<number[]> {
  const registered = new Set(await syncOverlayRegistration());
  const injected: number[] = [];
  for (const pattern of patterns.filter((p) => registered.has(p))) {
    for (const tab of await browser.tabs.query({ url: pattern })) {
      if (tab.id === undefined || (await tabState(tab.id))?.url === tab.url) continue;
      const done = await browser.scripting.executeScript({ target: { tabId: tab.id }, files: [OVERLAY_SCRIPT_FILE] }).then(
        () => true,
        () => false,
      );
      if (done) injected.push(tab.id);
    }
  }
  return injected;
}

/**
 * Registers the background's listeners for site access: the registration follows every grant and
 * revocation, and a grant starts the overlay in the site's open tabs. One change at a time, so a
 * page's message and the browser's event for the same grant never race on the registration.
 * Returns what stops its message handler (the tests' background is set up again each time).
 */
export function registerSiteAccess(): () => void {
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(job: () => Promise<T>): Promise<T> => {
    const run = queue.then(job);
    queue = run.catch((error: unknown) => console.error('[ai-http] could not register the overlay', error));
    return run;
  };
  const sync = () => void serially(syncOverlayRegistration);
  browser.runtime.onInstalled.addListener(sync);
  browser.runtime.onStartup.addListener(sync);
  browser.permissions.onRemoved.addListener(sync);
  // API sites the builder asked for were marked before the prompt: startOnGrantedSites skips them.
  browser.permissions.onAdded.addListener(({ origins = [] }) => void serially(() => startOnGrantedSites(origins)));
  const stopListening = onMessage('enableSite', ({ data }) =>
    serially(async () => {
      await unmarkApiOnlySite(data.pattern);
      return { injected: await startOnGrantedSites([data.pattern]) };
    }),
  );
  sync();
  return stopListening;
}
