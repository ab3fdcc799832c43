import { DEFAULT_BASE_URLS, AI_PROVIDERS, type AiSettings } from '@ai-http/shared/ai/providers';
import { useEffect, useState } from 'react';
import { t } from '../../common/i18n.ts';
import { Button, Card, Field, Select, TextInput } from '../../design/index.ts';
import { sendBuilderMessage, type AiSettingsView } from '../../features/request-builder/protocol.ts';
import { whenAllowed } from '../../features/request-builder/site-permission.ts';

/**
 * The user's own model for "Ask AI" (used when no signed-in server has one). The key goes to the
 * background and stays there: this page only learns whether one is kept.
 */
export function AiSettingsCard() {
  const [kept, setKept] = useState<AiSettingsView | null>(null);
  const [provider, setProvider] = useState<AiSettings['provider']>('openai');
  const [model, setModel] = useState('');
  const [baseUrl, setBaseUrl] = useState('');
  const [apiKey, setApiKey] = useState('');
  const [message, setMessage] = useState<{ text: string; ok: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void sendBuilderMessage('aiSettings', undefined).then((result) => {
      if (!result.ok || !result.value) return;
      setKept(result.value);
      setProvider(result.value.provider);
      setModel(result.value.model);
      setBaseUrl(result.value.baseUrl ?? '');
    });
  }, []);

  const save = () => {
    const url = baseUrl.trim() || (provider === 'openai-compatible' ? '' : DEFAULT_BASE_URLS[provider]);
    if (!url) return setMessage({ text: t('aiBaseUrlNeeded'), ok: false });
    // The provider's site is asked for in the click: the background calls it from there.
    whenAllowed(
      url,
      () =>
        void sendBuilderMessage('saveAiSettings', { provider, model: model.trim(), baseUrl: baseUrl.trim() || undefined, apiKey: apiKey.trim() || null }).then((result) => {
          if (!result.ok) return setMessage({ text: result.error.message, ok: false });
          setKept(result.value);
          setApiKey('');
          setMessage({ text: t('aiSaved'), ok: true });
        }),
      () => setMessage({ text: t('popupPermissionDenied', { site: url }), ok: false }),
    );
  };
  const test = async () => {
    setBusy(true);
    const result = await sendBuilderMessage('testAiSettings', undefined);
    setBusy(false);
    setMessage(result.ok ? { text: result.value.message, ok: result.value.ok } : { text: result.error.message, ok: false });
  };

  return (
    <Card title={t('aiSettingsTitle')} level={2}>
      <p className="ah-muted">{t('aiSettingsHint')}</p>
      <form
        className="options-form"
        data-testid="ai-form"
        onSubmit={(event) => {
          event.preventDefault();
          save();
        }}
      >
        <Field label={t('aiProvider')}>
          <Select data-testid="ai-provider" value={provider} onChange={(e) => setProvider(e.target.value as AiSettings['provider'])}>
            {AI_PROVIDERS.map((id) => (
              <option key={id} value={id}>
                {t(`aiProvider_${id}`)}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t('aiModel')} required>
          <TextInput data-testid="ai-model" required mono value={model} placeholder="gpt-4o-mini" onChange={(e) => setModel(e.target.value)} />
        </Field>
        <Field label={t('aiBaseUrl')} required={provider === 'openai-compatible'}>
          <TextInput data-testid="ai-base-url" type="url" mono value={baseUrl} placeholder={provider === 'openai-compatible' ? 'http://localhost:11434/v1' : DEFAULT_BASE_URLS[provider]} onChange={(e) => setBaseUrl(e.target.value)} />
        </Field>
        <Field label={kept?.hasKey ? t('aiKeyKept') : t('aiKey')}>
          <TextInput data-testid="ai-key" type="password" mono autoComplete="off" value={apiKey} onChange={(e) => setApiKey(e.target.value)} />
        </Field>
        <div className="ah-row">
          <Button type="submit" variant="primary" data-testid="ai-save">
            {t('aiSave')}
          </Button>
          <Button type="button" data-testid="ai-test" disabled={!kept || busy} onClick={() => void test()}>
            {t('aiTest')}
          </Button>
        </div>
      </form>
      {message && (
        <p role="status" data-testid="ai-message" data-ok={message.ok} className="ah-callout options-message">
          {message.text}
        </p>
      )}
    </Card>
  );
}
