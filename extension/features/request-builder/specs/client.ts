// The page's side of the specs service: imports and searches go to a module worker (started on
// first use), so parsing Stripe's 4.2 MB spec and indexing it never block the page. requestFor
// runs on the page: it reads one stored operation (tens of KB) and builds it in a few ms.
import { AppError, ERROR_CODES, type ErrorCode } from '@ai-http/shared/errors';
import type { ImportProgress } from './import-core.ts';
import type { WorkerCall, WorkerRequest, WorkerResponse } from './protocol.ts';
import type { StoredSpec } from './schema.ts';
import type { CallResult } from './service.ts';
import type { SpecSource } from './source.ts';
import { SpecStore, type SpecSearchHit } from './store.ts';

type OnProgress = (progress: ImportProgress) => void;

export interface SpecsClient {
  readonly store: SpecStore;
  importSpec(source: SpecSource, onProgress?: OnProgress, signal?: AbortSignal): Promise<StoredSpec>;
  searchSpecs(query: string, limit?: number): Promise<SpecSearchHit[]>;
  close(): void;
}

type Caller = (call: WorkerCall, onProgress?: OnProgress, signal?: AbortSignal) => Promise<CallResult>;

function clientOver(store: SpecStore, run: Caller, close: () => void): SpecsClient {
  return {
    store,
    async importSpec(source, onProgress, signal) {
      const result = await run({ type: 'import', source }, onProgress, signal);
      if (result.kind !== 'import') throw new AppError('INTERNAL', 'The import worker answered out of turn.');
      return result.spec;
    },
    async searchSpecs(query, limit = 10) {
      const result = await run({ type: 'search', query, limit });
      return result.kind === 'search' ? result.hits : [];
    },
    close,
  };
}

/** Imports and searches in a module worker; the page's store reads what the worker wrote. */
export function createSpecsClient(store = new SpecStore()): SpecsClient {
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<number, { resolve(result: CallResult): void; reject(error: Error): void; onProgress?: OnProgress }>();
  const failAll = (error: Error) => {
    for (const call of pending.values()) call.reject(error);
    pending.clear();
  };

  const start = (): Worker => {
    if (worker) return worker;
    const started = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
    started.onmessage = ({ data }: MessageEvent<WorkerResponse>) => {
      const call = pending.get(data.id);
      if (!call) return;
      if (data.type === 'progress') return call.onProgress?.(data.progress);
      pending.delete(data.id);
      if (data.type === 'failed') call.reject(new AppError(data.error.code in ERROR_CODES ? (data.error.code as ErrorCode) : 'INTERNAL', data.error.message));
      else call.resolve(data.result);
    };
    // A worker that fails to load (or dies) fails every call rather than leaving them waiting.
    started.onerror = (event) => {
      event.preventDefault();
      failAll(new AppError('INTERNAL', `The import worker stopped: ${event.message || 'it could not start'}`));
      started.terminate();
      worker = null;
    };
    worker = started;
    return started;
  };

  const run: Caller = (call, onProgress, signal) => {
    const id = nextId++;
    const target = start();
    return new Promise<CallResult>((resolve, reject) => {
      pending.set(id, { resolve, reject, ...(onProgress ? { onProgress } : {}) });
      signal?.addEventListener('abort', () => target.postMessage({ id, type: 'cancel' } satisfies WorkerRequest), { once: true });
      target.postMessage({ ...call, id } satisfies WorkerRequest);
    });
  };

  return clientOver(store, run, () => {
    worker?.terminate();
    worker = null;
    failAll(new AppError('BAD_REQUEST', 'The specs panel was closed.'));
  });
}

/** The same service on the calling thread, for unit tests of the panel (happy-dom has no module workers). */
export function createInProcessSpecsClient(store = new SpecStore()): SpecsClient {
  return clientOver(
    store,
    async (call, onProgress = () => {}, signal) => {
      const { runSpecsCall } = await import('./service.ts');
      return runSpecsCall(store, call, onProgress, signal);
    },
    () => {},
  );
}
