// "Ask AI" in the background: the model runs here, where the key is, never in a page. Signed in
// to a server that has a model, the server answers (its key stays there); otherwise the user's
// own settings; with neither, the page's offline search stands. Events stream back on a port.
import type { AskEvent } from '@ai-http/shared/ai/run';
import { aiSettingsSchema, type AiSettings } from '@ai-http/shared/ai/providers';
import { AppError } from '@ai-http/shared/errors';
import { browser, type Browser } from 'wxt/browser';
import { attempt } from '../../../background/result.ts';
import type { ServerStream } from '../../../background/server/stream.ts';
import { ASK_PORT, onBuilderMessage, type AiRoute, type AiSettingsView, type AskInput } from '../protocol.ts';

const SETTINGS_KEY = 'ai-http:ai-settings';
const TIMEOUT_MS = 60_000;

async function loadSettings(): Promise<AiSettings | null> {
  const stored = (await browser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY];
  const parsed = aiSettingsSchema.safeParse(stored);
  return parsed.success ? parsed.data : null;
}

const view = (settings: AiSettings | null): AiSettingsView | null => (settings ? { provider: settings.provider, model: settings.model, baseUrl: settings.baseUrl ?? null, hasKey: Boolean(settings.apiKey) } : null);

export function registerAiBackground(stream: ServerStream): () => void {
  // The server's answer to "do you have a model", kept a minute; not signed in or unreachable is not kept.
  let serverStatus: { at: number; model: string | null; configured: boolean } | null = null;
  async function route(): Promise<AiRoute> {
    if (!serverStatus || Date.now() - serverStatus.at > 60_000) {
      const status = await stream.withAccount((api, token) => api.aiStatus(token)).catch(() => null);
      serverStatus = status ? { at: Date.now(), model: status.model, configured: status.configured } : null;
    }
    if (serverStatus?.configured) return { kind: 'server', model: serverStatus.model };
    const own = await loadSettings();
    return own ? { kind: 'own', model: own.model } : { kind: 'none' };
  }

  async function* ask(input: AskInput, signal: AbortSignal): AsyncGenerator<AskEvent> {
    const chosen = await route();
    if (chosen.kind === 'server') {
      yield* await stream.withAccount(async (api, token) => api.aiRequest(token, input, signal));
      return;
    }
    const settings = chosen.kind === 'own' ? await loadSettings() : null;
    if (!settings) {
      yield { type: 'failed', message: 'No AI is set up: sign in to a server that has one, or add your own in the options page. Here is the offline search\'s first choice.', offline: input.candidates[0]?.request ?? null, offlineId: input.candidates[0]?.id ?? null, candidates: input.candidates.map(({ id, source, method, path, summary }) => ({ id, source, method, path, summary })), usage: { inputTokens: 0, outputTokens: 0 } };
      return;
    }
    const [{ createLanguageModel }, { askModel }] = await Promise.all([import('@ai-http/shared/ai/providers'), import('@ai-http/shared/ai/run')]);
    yield* askModel({ model: createLanguageModel(settings, { inBrowser: true }), query: input.query, candidates: input.candidates, signal, timeoutMs: TIMEOUT_MS, secrets: settings.apiKey ? [settings.apiKey] : [] });
  }

  const onConnect = (port: Browser.runtime.Port) => {
    if (port.name !== ASK_PORT) return;
    const controller = new AbortController();
    port.onDisconnect.addListener(() => controller.abort());
    port.onMessage.addListener((input: AskInput) => {
      void (async () => {
        try {
          for await (const event of ask(input, controller.signal)) port.postMessage(event);
        } catch (error) {
          port.postMessage({ type: 'failed', message: error instanceof AppError ? error.message : 'The AI call failed.', offline: input.candidates[0]?.request ?? null, offlineId: input.candidates[0]?.id ?? null, candidates: [], usage: { inputTokens: 0, outputTokens: 0 } } satisfies AskEvent);
        }
        if (!controller.signal.aborted) port.disconnect();
      })();
    });
  };
  browser.runtime.onConnect.addListener(onConnect);

  const removers = [
    onBuilderMessage('aiSettings', () => attempt(async () => view(await loadSettings()))),
    onBuilderMessage('saveAiSettings', ({ data }) =>
      attempt(async () => {
        if (!data) {
          await browser.storage.local.remove(SETTINGS_KEY);
          return null;
        }
        const kept = await loadSettings();
        const apiKey = data.apiKey ?? kept?.apiKey;
        const parsed = aiSettingsSchema.safeParse({ ...data, ...(data.baseUrl ? {} : { baseUrl: undefined }), ...(apiKey ? { apiKey } : { apiKey: undefined }) });
        if (!parsed.success) throw new AppError('VALIDATION_FAILED', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
        await browser.storage.local.set({ [SETTINGS_KEY]: parsed.data });
        return view(parsed.data);
      }),
    ),
    onBuilderMessage('testAiSettings', () =>
      attempt(async () => {
        const settings = await loadSettings();
        if (!settings) return { ok: false, message: 'Save the settings first.' };
        const [{ createLanguageModel }, { testModel }] = await Promise.all([import('@ai-http/shared/ai/providers'), import('@ai-http/shared/ai/run')]);
        const tested = await testModel({ model: createLanguageModel(settings, { inBrowser: true }), secrets: settings.apiKey ? [settings.apiKey] : [] });
        return tested.ok ? { ok: true, message: `${settings.provider} ${settings.model} answers.` } : { ok: false, message: tested.message };
      }),
    ),
    onBuilderMessage('aiRoute', () => attempt(route)),
  ];
  return () => {
    browser.runtime.onConnect.removeListener(onConnect);
    removers.forEach((remove) => remove());
  };
}
