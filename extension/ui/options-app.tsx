import { useCallback, useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { t } from '../lib/i18n.ts';
import { OVERLAY_SCRIPT_ID, grantedSitePatterns, syncOverlayRegistration } from '../lib/site-access.ts';

/** Options page: the sites AI-HTTP may run on. Account, instances and AI provider join it later. */
export function OptionsApp() {
  const [sites, setSites] = useState<string[]>([]);
  const [registered, setRegistered] = useState<string[]>([]);

  const refresh = useCallback(async () => {
    setSites(await grantedSitePatterns());
    const [script] = await browser.scripting.getRegisteredContentScripts({ ids: [OVERLAY_SCRIPT_ID] });
    setRegistered(script?.matches ?? []);
  }, []);

  useEffect(() => {
    void refresh();
    browser.permissions.onAdded.addListener(refresh);
    browser.permissions.onRemoved.addListener(refresh);
    return () => {
      browser.permissions.onAdded.removeListener(refresh);
      browser.permissions.onRemoved.removeListener(refresh);
    };
  }, [refresh]);

  const remove = async (pattern: string) => {
    await browser.permissions.remove({ origins: [pattern] });
    await syncOverlayRegistration();
    await refresh();
  };

  return (
    <main className="options">
      <h1>{t('optionsTitle')}</h1>
      <h2>{t('optionsSites')}</h2>
      {sites.length === 0 && <p>{t('optionsNoSites')}</p>}
      <ul data-testid="sites">
        {sites.map((pattern) => (
          <li key={pattern} data-pattern={pattern} data-registered={registered.includes(pattern)}>
            <code>{pattern}</code>{' '}
            <button type="button" onClick={() => remove(pattern)}>
              {t('optionsRemove')}
            </button>
          </li>
        ))}
      </ul>
    </main>
  );
}
