import { browser } from 'wxt/browser';
import { apiOnlySites, unmarkApiOnlySite } from '../common/api-sites.ts';
import { sitePattern } from '../common/site-pattern.ts';

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
  if (existing.length) await browser.scripting.updateContentScripts([script]);
  else await browser.scripting.registerContentScripts([script]);
  return matches;
}

/**
 * Must run in a user gesture (a click in the popup or the options page): that is when browsers
 * show the permission prompt, in Chrome and in Firefox alike.
 */
export async function requestSiteAccess(url: string): Promise<boolean> {
  const granted = await browser.permissions.request({ origins: [sitePattern(url)] });
  if (granted) await unmarkApiOnlySite(sitePattern(url));
  if (granted) await syncOverlayRegistration();
  return granted;
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
