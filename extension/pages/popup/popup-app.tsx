import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { t } from '../../common/i18n.ts';
import type { TabOverlayState } from '../../common/messages.ts';
import { OVERLAY_SCRIPT_FILE, hasSiteAccess, requestSiteAccess, revokeSiteAccess, sitePattern } from '../../background/site-access.ts';
import { tabState } from '../../background/tab-status.ts';
import { RequestBuilder } from '../../features/request-builder/builder.tsx';

interface ActiveTab {
  id: number;
  url: string;
  site: string;
}

/** Toolbar popup: turn AI-HTTP on or off for the current site, and the request builder. */
export function PopupApp() {
  return (
    <main className="popup">
      <h1>{t('appName')}</h1>
      <SiteAccess />
      <RequestBuilder />
    </main>
  );
}

function SiteAccess() {
  const [tab, setTab] = useState<ActiveTab | null>(null);
  const [enabled, setEnabled] = useState(false);
  const [state, setState] = useState<TabOverlayState | undefined>();
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void (async () => {
      const [active] = await browser.tabs.query({ active: true, currentWindow: true });
      if (!active?.id || !active.url || !/^https?:/.test(active.url)) return;
      const site = new URL(active.url).host;
      setTab({ id: active.id, url: active.url, site });
      setEnabled(await hasSiteAccess(active.url));
      setState(await tabState(active.id));
    })();
  }, []);

  if (!tab) return <p>{t('popupNotAWebPage')}</p>;

  // The permission request must run directly in the click handler: that is the user gesture.
  const enable = async () => {
    setError(null);
    const granted = await requestSiteAccess(tab.url);
    setEnabled(granted);
    if (granted) await browser.scripting.executeScript({ target: { tabId: tab.id }, files: [OVERLAY_SCRIPT_FILE] }).catch(() => undefined);
    else setError(t('popupPermissionDenied', { site: tab.site }));
  };
  const disable = async () => {
    await revokeSiteAccess(tab.url);
    setEnabled(false);
  };

  return (
    <section>
      <p data-testid="site-status">{t(enabled ? 'popupSiteEnabled' : 'popupSiteDisabled', { site: tab.site })}</p>
      {state && <p data-testid="overlay-status">{t(state.status === 'mounted' ? 'statusMounted' : state.status === 'not-n8n' ? 'statusNotN8n' : 'statusIdle')}</p>}
      {enabled ? (
        <button type="button" onClick={disable} title={sitePattern(tab.url)}>
          {t('popupDisable')}
        </button>
      ) : (
        <button type="button" onClick={enable} title={sitePattern(tab.url)}>
          {t('popupEnable')}
        </button>
      )}
      {error && <p role="alert">{error}</p>}
    </section>
  );
}
