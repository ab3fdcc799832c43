import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { t } from '../../common/i18n.ts';
import type { TabOverlayState } from '../../common/messages.ts';
import { hasSiteAccess, requestSiteAccess, revokeSiteAccess, sitePattern } from '../../background/site-access.ts';
import { tabState } from '../../background/tab-status.ts';
import { Button, Card, ChartIcon, IconButton, SettingsIcon } from '../../design/index.ts';
import { RequestBuilder } from '../../features/request-builder/builder.tsx';
import { SyncStatusCard } from '../sync-status.tsx';
import './popup.css';

interface ActiveTab {
  id: number;
  url: string;
  site: string;
}

/** Toolbar popup: turn AI-HTTP on or off for the current site, and the request builder. */
export function PopupApp() {
  return (
    <main className="popup">
      <header className="popup-header">
        <span className="ah-mark" aria-hidden="true">
          AI
        </span>
        <h1>{t('appName')}</h1>
        <span className="ah-spacer" />
        <Button size="sm" variant="ghost" data-testid="open-builder-tab" onClick={() => void browser.tabs.create({ url: browser.runtime.getURL('/builder.html') }).then(() => window.close())}>
          {t('builderOpenInTab')}
        </Button>
        <IconButton size="sm" label={t('dashTitle')} data-testid="open-dashboard" icon={<ChartIcon />} onClick={() => void browser.tabs.create({ url: browser.runtime.getURL('/dashboard.html') }).then(() => window.close())} />
        <IconButton size="sm" label={t('optionsTitle')} icon={<SettingsIcon />} onClick={() => void browser.runtime.openOptionsPage()} />
      </header>
      <SiteAccess />
      <SyncStatusCard compact />
      <RequestBuilder place="popup" />
    </main>
  );
}

export function SiteAccess() {
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

  if (!tab) return <p className="ah-callout">{t('popupNotAWebPage')}</p>;

  // The permission request runs in the click itself, nothing awaited before it (requestSiteAccess):
  // Chrome may close this popup as its prompt opens, and the background starts the overlay then.
  const enable = () => {
    setError(null);
    requestSiteAccess(tab.url).then(
      (granted) => {
        setEnabled(granted);
        if (!granted) setError(t('popupPermissionDenied', { site: tab.site }));
      },
      (failure: Error) => setError(failure.message),
    );
  };
  const disable = async () => {
    await revokeSiteAccess(tab.url);
    setEnabled(false);
  };

  return (
    <Card className="popup-site">
      <div className="ah-stack">
        <div className="ah-row popup-site-line">
          <span className="popup-dot" data-enabled={enabled} aria-hidden="true" />
          <p data-testid="site-status" className="popup-site-status">
            {t(enabled ? 'popupSiteEnabled' : 'popupSiteDisabled', { site: tab.site })}
          </p>
        </div>
        {state && (
          <p data-testid="overlay-status" className="ah-muted">
            {t(state.status === 'mounted' ? 'statusMounted' : state.status === 'not-n8n' ? 'statusNotN8n' : 'statusIdle')}
          </p>
        )}
        <div className="ah-row">
          {enabled ? (
            <Button size="sm" onClick={disable} title={sitePattern(tab.url)}>
              {t('popupDisable')}
            </Button>
          ) : (
            <Button size="sm" variant="primary" data-testid="site-enable" onClick={enable} title={sitePattern(tab.url)}>
              {t('popupEnable')}
            </Button>
          )}
        </div>
        {error && (
          <p role="alert" className="ah-callout" data-tone="danger">
            {error}
          </p>
        )}
      </div>
    </Card>
  );
}
