import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { OVERLAY_SCRIPT_FILE, OVERLAY_SCRIPT_ID, registerSiteAccess, requestSiteAccess, revokeSiteAccess, sitePattern, syncOverlayRegistration } from './site-access.ts';
import { recordTabState } from './tab-status.ts';
import { installFakeGrants } from '../tests/support/fake-grants.ts';

/** The browser's grants, with the background's half listening (requestSiteAccess tells it about a grant). */
let stopBackground = () => {};
afterEach(() => stopBackground());
function withBackground(options?: Parameters<typeof installFakeGrants>[0]) {
  const grants = installFakeGrants(options);
  stopBackground = registerSiteAccess();
  return grants;
}
/** A grant the way the browser makes it after its prompt: granted, then permissions.onAdded. */
const grant = (origins: string[]) => fakeBrowser.permissions.request({ origins });
import { apiOnlySites, markApiOnlySite } from '../common/api-sites.ts';

const CLOUD = 'https://*.app.n8n.cloud/*';

describe('site patterns', () => {
  it('grants a whole host, keeping the scheme and dropping the port', () => {
    expect(sitePattern('http://127.0.0.1:5678/workflow/1')).toBe('http://127.0.0.1/*');
    expect(sitePattern('https://n8n.example.com/home')).toBe('https://n8n.example.com/*');
  });

  it('refuses non-web pages', () => {
    expect(() => sitePattern('chrome://extensions')).toThrow(/only runs on http and https/);
  });
});

describe('overlay registration follows the grants', () => {
  beforeEach(() => fakeBrowser.reset());

  it('registers nothing when no site is granted', async () => {
    const { scripts } = withBackground();
    expect(await syncOverlayRegistration()).toEqual([]);
    expect(scripts.size).toBe(0);
  });

  it('registers the overlay for n8n Cloud when only the declared origin is there', async () => {
    const { scripts } = withBackground({ declared: [CLOUD] });
    await syncOverlayRegistration();
    expect(scripts.get(OVERLAY_SCRIPT_ID)).toMatchObject({ matches: [CLOUD], js: [OVERLAY_SCRIPT_FILE] });
  });

  it('adds a site on grant, updates in place, and removes it on revoke', async () => {
    const { scripts, granted } = withBackground({ declared: [CLOUD] });
    await syncOverlayRegistration();
    expect(await requestSiteAccess('https://n8n.acme.dev/workflow/7')).toBe(true);
    expect(scripts.get(OVERLAY_SCRIPT_ID)?.matches).toEqual(['https://*.app.n8n.cloud/*', 'https://n8n.acme.dev/*'].sort());
    await revokeSiteAccess('https://n8n.acme.dev/workflow/7');
    expect(granted.has('https://n8n.acme.dev/*')).toBe(false);
    expect(scripts.get(OVERLAY_SCRIPT_ID)?.matches).toEqual([CLOUD]);
  });

  it('unregisters completely when the last site is revoked', async () => {
    const { scripts } = withBackground();
    await requestSiteAccess('http://localhost:5678/');
    expect(scripts.size).toBe(1);
    await revokeSiteAccess('http://localhost:5678/');
    expect(scripts.size).toBe(0);
  });

  it('changes nothing when the user denies the prompt', async () => {
    const { scripts } = withBackground({ deny: true });
    expect(await requestSiteAccess('https://n8n.acme.dev/')).toBe(false);
    expect(scripts.size).toBe(0);
  });

  it('ignores broad patterns that are not a single site', async () => {
    const { scripts } = withBackground({ declared: ['<all_urls>', 'http://*/*', 'https://n8n.acme.dev/*'] });
    await syncOverlayRegistration();
    expect(scripts.get(OVERLAY_SCRIPT_ID)?.matches).toEqual(['https://n8n.acme.dev/*']);
  });
});

describe('API sites the builder may call', () => {
  beforeEach(() => fakeBrowser.reset());

  it('never get the overlay, until the user enables the site for n8n', async () => {
    const { scripts, granted } = withBackground({ declared: [CLOUD] });
    await markApiOnlySite('https://api.stripe.com/*');
    granted.add('https://api.stripe.com/*');
    expect(await syncOverlayRegistration()).toEqual([CLOUD]);
    expect(scripts.get(OVERLAY_SCRIPT_ID)?.matches).toEqual([CLOUD]);
    // Enabled from the popup as an n8n site: off the API list, and the overlay runs there.
    expect(await requestSiteAccess('https://api.stripe.com/')).toBe(true);
    expect(await apiOnlySites()).toEqual([]);
    expect(scripts.get(OVERLAY_SCRIPT_ID)?.matches).toEqual([CLOUD, 'https://api.stripe.com/*'].sort());
  });
});

describe('a grant starts the overlay in the tabs already open, with no reload', () => {
  beforeEach(() => fakeBrowser.reset());
  const tabs = [
    { id: 1, url: 'https://n8n.acme.dev/workflow/7' },
    { id: 2, url: 'https://n8n.acme.dev/home/workflows' },
    { id: 3, url: 'https://example.org/' },
  ];
  const settled = () => new Promise((resolve) => setTimeout(resolve, 20));

  it('registers and injects on permissions.onAdded alone (the popup may be gone by then)', async () => {
    const { scripts, injected } = withBackground({ tabs });
    await grant(['https://n8n.acme.dev/*']);
    await settled();
    expect(scripts.get(OVERLAY_SCRIPT_ID)?.matches).toEqual(['https://n8n.acme.dev/*']);
    expect(injected.sort()).toEqual([1, 2]);
  });

  it('leaves a tab where the overlay already runs alone, and injects nowhere for an API site', async () => {
    const { injected } = withBackground({ tabs });
    await recordTabState(1, { status: 'mounted', url: tabs[0]!.url, at: 0 });
    await markApiOnlySite('https://example.org/*');
    await grant(['https://n8n.acme.dev/*', 'https://example.org/*']);
    await settled();
    expect(injected).toEqual([2]);
  });

  it('starts the overlay when the site was granted before (no prompt, no onAdded)', async () => {
    const { injected } = withBackground({ tabs, declared: ['https://example.org/*'] });
    await markApiOnlySite('https://example.org/*');
    expect(await requestSiteAccess('https://example.org/')).toBe(true);
    expect(injected).toEqual([3]);
  });
});
