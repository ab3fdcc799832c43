// Sites granted only so the builder can call an API there (not n8n sites): the overlay is never
// registered on them. The builder records a site here before it asks for it, so the background's
// re-registration on the new grant already knows; enabling the site for n8n takes it off the list.
import { browser } from 'wxt/browser';

const KEY = 'ai-http:api-sites';

export async function apiOnlySites(): Promise<string[]> {
  const stored = await browser.storage.local.get(KEY);
  return Array.isArray(stored[KEY]) ? (stored[KEY] as string[]) : [];
}

export async function markApiOnlySite(pattern: string): Promise<void> {
  const sites = await apiOnlySites();
  if (!sites.includes(pattern)) await browser.storage.local.set({ [KEY]: [...sites, pattern] });
}

export async function unmarkApiOnlySite(pattern: string): Promise<void> {
  const sites = await apiOnlySites();
  if (sites.includes(pattern)) await browser.storage.local.set({ [KEY]: sites.filter((site) => site !== pattern) });
}
