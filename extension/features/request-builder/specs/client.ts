// The page's side of the import worker: one worker per client, started on first use, with
// promise-returning calls. requestFor runs here: it reads one stored operation (tens of KB) and
// builds its request in a few milliseconds.
import { AppError, type ErrorCode, ERROR_CODES } from '@ai-http/shared/errors';
import type { ImportProgress } from './import-core.ts';
import type { WorkerCall, WorkerRequest, WorkerResponse } from './protocol.ts';
import type { StoredSpec } from './schema.ts';
import type { SpecSource } from './source.ts';
import { SpecStore, type SpecSearchHit } from './store.ts';

type Pending = { resolve(value: unknown): void; reject(error: Error): void; onProgress?: (progress: ImportProgress) => void };

export interface SpecsClient {
  importSpec(source: SpecSource, onProgress?: (progress: ImportProgress) => void, signal?: AbortSignal): Promise<StoredSpec>;
  searchSpecs(query: string, limit?: number): Promise<SpecSearchHit[]>;
  store: SpecStore;
  close(): void;
}

export function createSpecsClient(store = new SpecStore()): SpecsClient {
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<number, Pending>();

  const start = (): Worker => {
    if (worker) return worker;
    const started = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
    started.onmessage = ({ data }: MessageEvent<WorkerResponse>) => {
      const call = pending.get(data.id);
      if (!call) return;
      if (data.type === 'progress') return call.onProgress?.(data.progress);
      pending.delete(data.id);
      if (data.type === 'failed') call.reject(new AppError(data.error.code in ERROR_CODES ? (data.error.code as ErrorCode) : 'INTERNAL', data.error.message));
      else call.resolve(data.result.kind === 'import' ? data.result.spec : data.result.hits);
    };
    // A worker that fails to load (or dies) fails every call rather than leaving them waiting.
    started.onerror = (event) => {
      for (const call of pending.values()) call.reject(new AppError('INTERNAL', `The import worker stopped: ${event.message || 'it could not start'}`));
      pending.clear();
      started.terminate();
      worker = null;
    };
    worker = started;
    return started;
  };

  const call = <T>(request: WorkerCall, onProgress?: (progress: ImportProgress) => void, signal?: AbortSignal): Promise<T> => {
    const id = nextId++;
    const target = start();
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject, ...(onProgress ? { onProgress } : {}) });
      signal?.addEventListener('abort', () => target.postMessage({ id, type: 'cancel' } satisfies WorkerRequest), { once: true });
      target.postMessage({ ...request, id } satisfies WorkerRequest);
    });
  };

  return {
    store,
    importSpec: (source, onProgress, signal) => call<StoredSpec>({ type: 'import', source }, onProgress, signal),
    searchSpecs: (query, limit = 10) => call<SpecSearchHit[]>({ type: 'search', query, limit }),
    close() {
      worker?.terminate();
      worker = null;
      for (const p of pending.values()) p.reject(new AppError('BAD_REQUEST', 'Closed.'));
      pending.clear();
    },
  };
}
