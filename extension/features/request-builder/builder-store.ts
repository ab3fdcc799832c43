// The builder's state and what the user can do with it, apart from how it is drawn (builder.tsx,
// editor.tsx, response-view.tsx). One store per mounted builder.
import type { RequestField } from '@ai-http/shared/request/fields';
import type { RequestSpec } from '@ai-http/shared/request/spec';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { bytesToBase64 } from '../../common/base64.ts';
import { t } from '../../common/i18n.ts';
import { unwrap } from '../../common/messages.ts';
import { draftOf, emptyDraft, liftUrlCredentials, planSend, type Draft } from './draft.ts';
import { MAX_ATTACHED_BYTES, sendBuilderMessage, type AttachedFiles, type SentResponse } from './protocol.ts';
import { importAnyPaste } from './request-core.ts';

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

export function createBuilder(): Builder {
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
      store.setState({ phase: 'sending', sendId: id, failure: null, problems: [] });
      try {
        const files: AttachedFiles = Object.fromEntries(await Promise.all(chosen.map(async ([key, file]) => [key, { name: file.name, type: file.type, base64: bytesToBase64(new Uint8Array(await file.arrayBuffer())) }] as const)));
        const response = unwrap(await sendBuilderMessage('sendRequest', { id, request, timeoutMs: SEND_TIMEOUT_MS, ...(chosen.length ? { files } : {}) }));
        if (store.getState().sendId === id) store.setState({ phase: 'answered', response, sendId: null });
      } catch (error) {
        if (store.getState().sendId === id) store.setState({ phase: 'failed', failure: { code: (error as { code?: string }).code ?? 'INTERNAL', message: (error as Error).message }, response: null, sendId: null });
      }
    },
    async cancel() {
      const id = store.getState().sendId;
      if (id) await sendBuilderMessage('cancelRequest', { id }).catch(() => undefined);
    },
  };
  return builder;
}
