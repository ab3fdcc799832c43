import { useCallback, useEffect, useState } from 'react';
import { browser } from 'wxt/browser';
import { t } from '../../common/i18n.ts';
import { errorText, sendMessage, type AccountView } from '../../common/messages.ts';
import type { ApiKeyView } from '@ai-http/shared/api/resources';
import { OVERLAY_SCRIPT_ID, grantedSitePatterns, requestSiteAccess, syncOverlayRegistration } from '../../background/site-access.ts';
import { Badge, Button, Card, Checkbox, CopyIcon, Dialog, DialogClose, Field, TextInput, useToaster } from '../../design/index.ts';
import { SyncStatusCard } from '../sync-status.tsx';
import { SyncScopeCard } from './sync-scope.tsx';
import { InstanceHook } from './instance-hook.tsx';
import { AiSettingsCard } from './ai-settings.tsx';
import './options.css';
import { Profile } from './profile.tsx';

/** Options page: the optional server account, the n8n instances and the sites AI-HTTP may run on. */
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
      <header className="options-header">
        <span className="ah-mark" aria-hidden="true">
          AI
        </span>
        <h1>{t('optionsTitle')}</h1>
      </header>
      <Account />
      <Instances onChange={refresh} />
      <AiSettingsCard />
      <Card title={t('optionsSites')} level={2}>
        {sites.length === 0 && <p className="ah-muted">{t('optionsNoSites')}</p>}
        <ul data-testid="sites" className="ah-list">
          {sites.map((pattern) => (
            <li key={pattern} data-pattern={pattern} data-registered={registered.includes(pattern)}>
              <code>{pattern}</code>
              <span className="ah-spacer" />
              <Button size="sm" variant="ghost" onClick={() => remove(pattern)}>
                {t('optionsRemove')}
              </Button>
            </li>
          ))}
        </ul>
      </Card>
    </main>
  );
}

type InstanceView = { origin: string; name: string; hasApiKey: boolean };

/** n8n instances: adding one asks for access to its site (this click is the user gesture) and keeps its API key here. */
function Instances({ onChange }: { onChange: () => Promise<void> }) {
  const [instances, setInstances] = useState<InstanceView[]>([]);
  const [url, setUrl] = useState('');
  const [name, setName] = useState('');
  const [apiKey, setApiKey] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const load = useCallback(async () => {
    const result = await sendMessage('listInstances', undefined);
    if (result.ok) setInstances(result.value);
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const add = async (event: React.FormEvent) => {
    event.preventDefault();
    setMessage(null);
    // Asked in the click, nothing awaited before it (requestSiteAccess); the background starts the
    // overlay on the site's open tabs.
    let granted: boolean;
    try {
      granted = await requestSiteAccess(url);
    } catch (error) {
      setMessage((error as Error).message);
      return;
    }
    if (!granted) {
      setMessage(t('popupPermissionDenied', { site: url }));
      return;
    }
    const saved = await sendMessage('saveInstance', { url, name, apiKey: apiKey.trim() || null });
    if (!saved.ok) {
      setMessage(saved.error.message);
      return;
    }
    setUrl('');
    setApiKey('');
    setName('');
    const { origin, syncedToServer, serverProblem, keyKeptLocal } = saved.value;
    if (keyKeptLocal) setMessage(t('syncKeyKeptLocal', { origin }));
    else setMessage(serverProblem ? t('optionsInstanceNotSynced', { origin, problem: serverProblem }) : t(syncedToServer ? 'optionsInstanceSynced' : 'optionsInstanceAdded', { origin }));
    await load();
    await onChange();
  };
  const remove = async (origin: string) => {
    await sendMessage('removeInstance', { origin });
    await load();
  };

  return (
    <Card title={t('optionsInstances')} level={2}>
      <form onSubmit={add} data-testid="instance-form" className="options-form">
        <BoundField label={t('optionsInstanceUrl')} data-testid="instance-url" type="url" required mono placeholder="https://n8n.example.com" value={url} onValue={setUrl} />
        <BoundField label={t('optionsInstanceName')} data-testid="instance-name" value={name} onValue={setName} />
        <BoundField label={t('optionsInstanceApiKey')} data-testid="instance-api-key" type="password" mono autoComplete="off" value={apiKey} onValue={setApiKey} />
        <div>
          <Button type="submit" variant="primary" data-testid="instance-add">
            {t('optionsInstanceAdd')}
          </Button>
        </div>
      </form>
      {message && (
        <p role="status" data-testid="instance-message" className="ah-callout options-message">
          {message}
        </p>
      )}
      <ul data-testid="instances" className="ah-list options-list">
        {instances.map((instance) => (
          <li key={instance.origin} data-origin={instance.origin}>
            <span className="options-instance">
              {instance.name && <strong>{instance.name}</strong>} <code>{instance.origin}</code>{' '}
              <span className="ah-muted">{instance.hasApiKey ? t('optionsInstanceWithKey') : t('optionsInstanceWithSession')}</span>
            </span>
            <span className="ah-spacer" />
            <InstanceHook origin={instance.origin} />
            <Button size="sm" variant="ghost" onClick={() => void remove(instance.origin)}>
              {t('optionsRemove')}
            </Button>
          </li>
        ))}
      </ul>
    </Card>
  );
}

/** The optional AI-HTTP server: signing in makes its stream the debugger's source. */
function Account() {
  const [account, setAccount] = useState<AccountView | null>(null);
  const [mode, setMode] = useState<'sign-in' | 'register'>('sign-in');
  const [serverUrl, setServerUrl] = useState('');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    void sendMessage('account', undefined).then((result) => result.ok && setAccount(result.value));
  }, []);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setMessage(null);
    const result = mode === 'register' ? await sendMessage('registerAccount', { serverUrl, name, email, password }) : await sendMessage('connectAccount', { serverUrl, email, password });
    setPassword('');
    // The server's own message, in place (e.g. a password too short, an email already used).
    if (!result.ok) return setMessage(errorText(result.error));
    setAccount(result.value);
  };
  const [askSignOut, setAskSignOut] = useState(false);
  const signOut = async (wipe: boolean) => {
    setAskSignOut(false);
    await sendMessage('disconnectAccount', { wipe });
    setAccount(null);
  };

  return (
    <>
      <Card title={t('optionsAccount')} description={t('optionsAccountHelp')} level={2} data-testid="account">
        {account ? (
          <div className="ah-row">
            <span data-testid="account-status" className="options-signed-in">
              {t('optionsSignedIn', { server: account.serverUrl, email: account.email })}
            </span>
            <span className="ah-spacer" />
            <Button size="sm" data-testid="account-sign-out" onClick={() => setAskSignOut(true)}>
              {t('optionsSignOut')}
            </Button>
            <Dialog
              open={askSignOut}
              onOpenChange={setAskSignOut}
              role="alertdialog"
              title={t('syncSignOutTitle')}
              description={t('syncSignOutHelp')}
              closeLabel={t('syncClose')}
              data-testid="sign-out-dialog"
              footer={
                <>
                  <DialogClose>
                    <Button variant="ghost">{t('syncCancel')}</Button>
                  </DialogClose>
                  <Button data-testid="sign-out-wipe" variant="danger" onClick={() => void signOut(true)}>
                    {t('syncSignOutWipe')}
                  </Button>
                  <Button data-testid="sign-out-keep" variant="primary" onClick={() => void signOut(false)}>
                    {t('syncSignOutKeep')}
                  </Button>
                </>
              }
            />
          </div>
        ) : (
          <form onSubmit={submit} data-testid="account-form" className="options-form">
            <BoundField label={t('optionsServerUrl')} data-testid="account-server" type="url" required mono placeholder="https://ai-http.example.com" value={serverUrl} onValue={setServerUrl} />
            {mode === 'register' && <BoundField label={t('optionsName')} data-testid="account-name" required autoComplete="name" value={name} onValue={setName} />}
            <div className="options-pair">
              <BoundField label={t('optionsEmail')} data-testid="account-email" type="email" required autoComplete="username" value={email} onValue={setEmail} />
              <BoundField label={t('optionsPassword')} data-testid="account-password" type="password" required autoComplete={mode === 'register' ? 'new-password' : 'current-password'} value={password} onValue={setPassword} />
            </div>
            <div className="ah-row">
              <Button type="submit" variant="primary" data-testid="account-sign-in">
                {t(mode === 'register' ? 'optionsRegister' : 'optionsSignIn')}
              </Button>
              <Button variant="ghost" data-testid="account-mode" onClick={() => setMode(mode === 'register' ? 'sign-in' : 'register')}>
                {t(mode === 'register' ? 'optionsHaveAccount' : 'optionsNoAccount')}
              </Button>
            </div>
          </form>
        )}
        {message && (
          <p role="alert" data-testid="account-message" className="ah-callout options-message" data-tone="danger">
            {message}
          </p>
        )}
      </Card>
      {account && <SyncStatusCard />}
      {account && <SyncScopeCard serverUrl={account.serverUrl} />}
      {account && <Profile key={account.email} />}
      {account && <ApiKeys />}
    </>
  );
}

/** The account's API keys, for scripts and curl: created with scopes, shown once, revoked here. */
function ApiKeys() {
  const toaster = useToaster();
  const [keys, setKeys] = useState<ApiKeyView[] | null>(null);
  const [name, setName] = useState('');
  const [write, setWrite] = useState(false);
  const [created, setCreated] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const load = useCallback(async () => {
    const result = await sendMessage('listApiKeys', undefined);
    if (result.ok) setKeys(result.value);
    else setMessage(errorText(result.error));
  }, []);
  useEffect(() => void load(), [load]);

  const create = async (event: React.FormEvent) => {
    event.preventDefault();
    setMessage(null);
    const result = await sendMessage('createApiKey', { name, scopes: write ? ['read', 'write'] : ['read'] });
    if (!result.ok) return setMessage(errorText(result.error));
    setCreated(result.value.key);
    setName('');
    await load();
  };
  const revoke = async (id: string) => {
    const result = await sendMessage('revokeApiKey', { id });
    if (!result.ok) return setMessage(errorText(result.error));
    await load();
  };
  const copy = async (key: string) => {
    try {
      await navigator.clipboard.writeText(key);
      toaster.create({ title: t('builderCopied'), type: 'success' });
    } catch (caught) {
      toaster.create({ title: (caught as Error).message, type: 'error' });
    }
  };

  return (
    <Card title={t('optionsApiKeys')} description={t('optionsApiKeysHelp')} level={2} data-testid="api-keys">
      <form onSubmit={create} className="options-form" data-testid="api-key-form">
        <BoundField label={t('optionsApiKeyName')} data-testid="api-key-name" required value={name} onValue={setName} />
        <Checkbox label={t('optionsApiKeyWrite')} checked={write} onCheckedChange={setWrite} data-testid="api-key-write" />
        <div>
          <Button type="submit" variant="primary" data-testid="api-key-create">
            {t('optionsApiKeyCreate')}
          </Button>
        </div>
      </form>
      {created && (
        <div className="ah-callout" data-tone="success" data-testid="api-key-created">
          <p>{t('optionsApiKeyShownOnce')}</p>
          <div className="ah-row">
            <code className="options-key ah-ltr" data-testid="api-key-value">
              {created}
            </code>
            <Button size="sm" icon={<CopyIcon />} onClick={() => void copy(created)}>
              {t('optionsCopy')}
            </Button>
          </div>
        </div>
      )}
      {message && (
        <p role="alert" className="ah-callout options-message" data-tone="danger" data-testid="api-key-message">
          {message}
        </p>
      )}
      {keys && keys.length === 0 && <p className="ah-muted">{t('optionsNoApiKeys')}</p>}
      <ul className="ah-list options-list" data-testid="api-key-list">
        {keys?.map((key) => (
          <li key={key.id} data-key-id={key.id}>
            <span className="options-key-line">
              <strong>{key.name}</strong> <code className="ah-ltr">{key.prefix}…</code>{' '}
              {key.scopes.map((scope) => (
                <Badge key={scope} tone={scope === 'write' ? 'warning' : 'neutral'}>
                  {scope}
                </Badge>
              ))}
            </span>
            <Button size="sm" variant="danger" data-testid="api-key-revoke" onClick={() => void revoke(key.id)}>
              {t('optionsRevoke')}
            </Button>
          </li>
        ))}
      </ul>
    </Card>
  );
}

/** A labelled text input bound to a piece of state. */
function BoundField({
  label,
  onValue,
  required,
  ...input
}: { label: string; value: string; onValue(value: string): void; mono?: boolean } & Omit<React.InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'>) {
  return (
    <Field label={label} required={required}>
      <TextInput {...input} onChange={(e) => onValue(e.target.value)} />
    </Field>
  );
}
