// "Ask AI" in the background: the model runs here, where the key is, never in a page. Signed in
// to a server that has a model, the server answers (its key stays there); otherwise the user's
// own settings; with neither, the page's offline search stands. Events stream back on a port.
import type { AskEvent, ExplainEvent } from '@ai-http/shared/ai/run';
import { aiSettingsSchema, type AiSettings, type createLanguageModel } from '@ai-http/shared/ai/providers';
import { researchView } from '@ai-http/shared/api/ai';
import { AppError } from '@ai-http/shared/errors';
import { browser, type Browser } from 'wxt/browser';
import { attempt } from '../../../background/result.ts';
import type { ServerApi } from '../../../background/server/api.ts';
import type { ServerStream } from '../../../background/server/stream.ts';

import { ASK_PORT, EXPLAIN_PORT, onBuilderMessage, type AiRoute, type AiSettingsView, type AskInput, type ExplainInput } from '../protocol.ts';

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

  const noUsage = { inputTokens: 0, outputTokens: 0 };
  /**
   * One AI call routed: the server's model when signed in and it has one, else the user's own
   * settings, else `none` (the offline answer, said as a failure).
   */
  async function* routed<E>(calls: { server(api: ServerApi, token: string): AsyncGenerator<E>; own(model: ReturnType<typeof createLanguageModel>, secrets: string[]): Promise<AsyncGenerator<E>>; none(): E }): AsyncGenerator<E> {
    const chosen = await route();
    if (chosen.kind === 'server') {
      yield* await stream.withAccount(async (api, token) => calls.server(api, token));
      return;
    }
    const settings = chosen.kind === 'own' ? await loadSettings() : null;
    if (!settings) {
      yield calls.none();
      return;
    }
    const { createLanguageModel } = await import('@ai-http/shared/ai/providers');
    yield* await calls.own(createLanguageModel(settings, { inBrowser: true }), settings.apiKey ? [settings.apiKey] : []);
  }

  const askFailed = (input: AskInput, message: string): AskEvent => ({ type: 'failed', message, offline: input.candidates[0]?.request ?? null, offlineId: input.candidates[0]?.id ?? null, candidates: input.candidates.map(({ id, source, method, path, summary }) => ({ id, source, method, path, summary })), usage: noUsage });
  const ask = (input: AskInput, signal: AbortSignal) =>
    routed<AskEvent>({
      server: (api, token) => api.aiRequest(token, input, signal),
      own: async (model, secrets) => (await import('@ai-http/shared/ai/run')).askModel({ model, query: input.query, candidates: input.candidates, signal, timeoutMs: TIMEOUT_MS, secrets }),
      none: () => askFailed(input, 'No AI is set up: sign in to a server that has one, or add your own in the options page. Here is the offline search\'s first choice.'),
    });

  /** "Explain with AI" for a failed execution (the debugger panel); with no AI at all the offline explanation stands. */
  const explainFailed = (input: ExplainInput, message: string): ExplainEvent => ({ type: 'failed', message, offline: { explanation: input.digest.explanation, fixes: input.digest.fixes }, usage: noUsage });
  const explain = (input: ExplainInput, signal: AbortSignal) =>
    routed<ExplainEvent>({
      server: (api, token) => api.aiExplain(token, input, signal),
      own: async (model, secrets) => (await import('@ai-http/shared/ai/run')).explainWithModel({ model, digest: input.digest, language: input.language, signal, timeoutMs: TIMEOUT_MS, secrets }),
      none: () => explainFailed(input, 'No AI is set up: sign in to a server that has one, or add your own in the options page.'),
    });

  /** Serves one streamed call on a port: the page posts its input once, the events go back, then the port closes; the page leaving cancels. */
  const serve = <I, E>(port: Browser.runtime.Port, run: (input: I, signal: AbortSignal) => AsyncGenerator<E>, failed: (input: I, message: string) => E) => {
    const controller = new AbortController();
    port.onDisconnect.addListener(() => controller.abort());
    port.onMessage.addListener((input: I) => {
      void (async () => {
        try {
          for await (const event of run(input, controller.signal)) port.postMessage(event);
        } catch (error) {
          port.postMessage(failed(input, error instanceof AppError ? error.message : 'The AI call failed.'));
        }
        if (!controller.signal.aborted) port.disconnect();
      })();
    });
  };
  const onConnect = (port: Browser.runtime.Port) => {
    if (port.name === ASK_PORT) serve(port, ask, askFailed);
    else if (port.name === EXPLAIN_PORT) serve(port, explain, explainFailed);
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
    // Research runs on the server only (the Manus key is there): not signed in is UNAUTHENTICATED, a server without Manus AI_UNAVAILABLE.
    onBuilderMessage('researchStart', ({ data }) => attempt(() => stream.withAccount((api, token) => api.write(token, 'post', 'ai/research', researchView.field, data), 'Research this API runs on an AI-HTTP server: sign in to one first.'))),
    onBuilderMessage('researchRead', ({ data }) => attempt(() => stream.withAccount((api, token) => api.read(token, `ai/research/${encodeURIComponent(data.taskId)}`, researchView.field)))),
    onBuilderMessage('researchCancel', ({ data }) => attempt(() => stream.withAccount((api, token) => api.write(token, 'post', `ai/research/${encodeURIComponent(data.taskId)}/cancel`, researchView.field)))),
  ];
  return () => {
    browser.runtime.onConnect.removeListener(onConnect);
    removers.forEach((remove) => remove());
  };
}
