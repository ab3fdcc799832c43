// The builder's state and what the user can do with it, apart from how it is drawn (builder.tsx,
// editor.tsx, response-view.tsx). One store per mounted builder.
import type { RequestField } from '@ai-http/shared/request/fields';
import type { RequestSpec } from '@ai-http/shared/request/spec';
import { AppError } from '@ai-http/shared/app-error';
import { HISTORY_BODY_LIMIT } from '@ai-http/shared/builder/limits';
import { browser } from 'wxt/browser';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { t } from '../../common/i18n.ts';
import { unwrap } from '../../common/messages.ts';
import { sitePattern } from '../../common/site-pattern.ts';
import { draftOf, emptyDraft, liftUrlCredentials, planSend, type Draft } from './draft.ts';
import { MAX_ATTACHED_BYTES, sendBuilderMessage, type SentResponse } from './protocol.ts';
import { importAnyPaste } from './request-core.ts';
import { send, SendError } from './send.ts';

/** How long a test send may take before it is stopped. */
export const SEND_TIMEOUT_MS = 30_000;

export interface BuilderState {
  draft: Draft;
  /** Bumped on every load, so the editor's inputs start again from the new request. */
  generation: number;
  phase: 'idle' | 'sending' | 'answered' | 'failed';
  response: SentResponse | null;
  failure: { code: string; message: string } | null;
  /** Why a send could not start (a required field empty, a bad URL). */
  problems: string[];
  sendId: string | null;
  /** Where the loaded request came from ("cURL", "Stripe", a saved request's name). */
  origin: string | null;
  /** The saved request being edited, if it came from the saved list or was saved. */
  saved: { id: string; name: string; tags: string[]; kind: 'request' | 'template' } | null;
  /** Files chosen for a test send: `part-<index>` for a multipart file part, `body` for a binary body. */
  files: Record<string, File>;
}

export interface Builder {
  store: StoreApi<BuilderState>;
  /** Imports a paste; answers the plain-words query when it is one, for the search to take over. */
  importText(text: string): Promise<{ words: string } | null>;
  load(request: RequestSpec, extra?: { origin?: string; fieldInfo?: Record<string, Partial<RequestField>>; values?: Record<string, string>; warnings?: string[]; saved?: BuilderState['saved'] }): void;
  edit(change: (request: RequestSpec) => RequestSpec): void;
  setValue(name: string, value: string): void;
  /** Chooses (or, with null, drops) the file a test send attaches at `key`. */
  attach(key: string, file: File | null): void;
  send(): Promise<void>;
  cancel(): Promise<void>;
  /** The request as a test send would send it, or null with `problems` set. */
  planned(): RequestSpec | null;
}

/** Sites this page has found allowed, so a send asks the browser once per site; forgotten on any removal. */
const allowedSites = new Set<string>();

/**
 * A test send, made by the builder's own page with the extension's host permission for the API's
 * site (asked for once per site), recorded in the history by the background afterwards. The
 * background names a failure from what the browser's network layer told it.
 */
export async function sendFromPage(request: RequestSpec, { signal, timeoutMs, files }: { signal: AbortSignal; timeoutMs: number; files?: Record<string, File> | undefined }): Promise<SentResponse> {
  const pattern = sitePattern(request.url);
  if (!allowedSites.has(pattern)) {
    // Firefox gives the overlay's builder frame no permissions API: the background answers there, every time.
    const permissions = browser.permissions as typeof browser.permissions | undefined;
    const allowed = permissions ? await permissions.contains({ origins: [pattern] }) : unwrap(await sendBuilderMessage('siteAllowed', { pattern })).allowed;
    if (!allowed) throw new SendError('permission', pattern);
    if (permissions) {
      if (allowedSites.size === 0) permissions.onRemoved.addListener(() => allowedSites.clear());
      allowedSites.add(pattern);
    }
  }
  const started = performance.now();
  try {
    const response = await send(request, { signal, timeoutMs, files, networkError: async (url) => unwrap(await sendBuilderMessage('networkError', { url })).error });
    // The answer does not wait for the history; a body the history would not keep is not carried there.
    const kept = response.body.kind === 'text' && response.sizeBytes <= HISTORY_BODY_LIMIT ? response : { ...response, body: { kind: 'binary' as const, base64: '' } };
    setTimeout(() => void sendBuilderMessage('recordSend', { request, response: kept }).catch(() => undefined));
    return response;
  } catch (error) {
    const failure = error instanceof AppError ? { code: error.code, message: error.message } : { code: 'INTERNAL', message: (error as Error).message };
    void sendBuilderMessage('recordSend', { request, failure, timeMs: Math.round(performance.now() - started) }).catch(() => undefined);
    throw error;
  }
}

export function createBuilder(): Builder {
  let inFlight: AbortController | null = null;
  const store = createStore<BuilderState>(() => ({ draft: emptyDraft(), generation: 0, phase: 'idle', response: null, failure: null, problems: [], sendId: null, origin: null, saved: null, files: {} }));

  const builder: Builder = {
    store,
    async importText(text) {
      const result = await importAnyPaste(text);
      if (result.kind === 'words') return { words: result.query };
      const { request, moved } = liftUrlCredentials(result.request);
      const warnings = [...result.warnings, ...(moved ? [t('builderUrlCredentialsMoved')] : [])];
      builder.load(request, { origin: t(`builderFormat_${result.format}`), warnings });
      store.setState((s) => ({ draft: { ...s.draft, dropped: result.droppedHeaders } }));
      return null;
    },
    load(request, extra = {}) {
      store.setState((s) => ({
        draft: draftOf(request, { fieldInfo: extra.fieldInfo ?? {}, values: extra.values ?? {}, warnings: extra.warnings ?? [] }),
        generation: s.generation + 1,
        phase: 'idle',
        response: null,
        failure: null,
        problems: [],
        origin: extra.origin ?? null,
        saved: extra.saved ?? null,
        files: {},
      }));
    },
    edit(change) {
      store.setState((s) => ({ draft: { ...s.draft, request: change(s.draft.request) }, problems: [] }));
    },
    setValue(name, value) {
      store.setState((s) => ({ draft: { ...s.draft, values: { ...s.draft.values, [name]: value } }, problems: [] }));
    },
    attach(key, file) {
      store.setState((s) => {
        const files = { ...s.files };
        if (file) files[key] = file;
        else delete files[key];
        return { files, problems: [] };
      });
    },
    planned() {
      const plan = planSend(store.getState().draft);
      if (plan.ok) return plan.request;
      store.setState({ problems: plan.problems });
      return null;
    },
    async send() {
      const request = builder.planned();
      if (!request) return;
      const chosen = Object.entries(store.getState().files);
      const total = chosen.reduce((sum, [, file]) => sum + file.size, 0);
      if (total > MAX_ATTACHED_BYTES) {
        store.setState({ problems: [t('builderFilesTooLarge', { size: `${Math.round(total / 1024 / 1024)} MB` })] });
        return;
      }
      const id = crypto.randomUUID();
      inFlight?.abort();
      const controller = (inFlight = new AbortController());
      store.setState({ phase: 'sending', sendId: id, failure: null, problems: [] });
      try {
        const response = await sendFromPage(request, { signal: controller.signal, timeoutMs: SEND_TIMEOUT_MS, files: store.getState().files });
        if (store.getState().sendId === id) store.setState({ phase: 'answered', response, sendId: null });
      } catch (error) {
        if (store.getState().sendId === id) store.setState({ phase: 'failed', failure: { code: (error as { code?: string }).code ?? 'INTERNAL', message: (error as Error).message }, response: null, sendId: null });
      } finally {
        if (inFlight === controller) inFlight = null;
      }
    },
    async cancel() {
      inFlight?.abort();
    },
  };
  return builder;
}
