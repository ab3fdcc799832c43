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

/** The calls close() cut short: nobody is left to tell (React's StrictMode unmounts once in development). */
export const closedByClient = (error: unknown): boolean => error instanceof AppError && (error.details as { closed?: boolean } | null)?.closed === true;

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

/** The worker as the client uses it; tests pass a stand-in. */
export interface WorkerLike {
  onmessage: ((event: MessageEvent<WorkerResponse>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  postMessage(message: WorkerRequest): void;
  terminate(): void;
}

export interface SpecsClientOptions {
  startWorker?: () => WorkerLike;
  /** A call with no message from the worker for this long is stopped (a parse that never ends). */
  stallMs?: number;
  /** After a cancel, how long the worker has to stop by itself before it is terminated. */
  cancelGraceMs?: number;
}

const startModuleWorker = (): WorkerLike => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' }) as WorkerLike;

interface PendingCall {
  resolve(result: CallResult): void;
  reject(error: Error): void;
  onProgress?: OnProgress;
  watchdog: ReturnType<typeof setTimeout>;
}

/**
 * Imports and searches in a module worker; the page's store reads what the worker wrote. Nothing
 * waits forever: a worker that dies, stalls for `stallMs` or ignores a cancel is terminated (and
 * started again by the next call), and its calls fail with a message.
 */
export function createSpecsClient(store = new SpecStore(), { startWorker = startModuleWorker, stallMs = 60_000, cancelGraceMs = 2_000 }: SpecsClientOptions = {}): SpecsClient {
  let worker: WorkerLike | null = null;
  let nextId = 1;
  const pending = new Map<number, PendingCall>();
  const cancelling = new Map<number, ReturnType<typeof setTimeout>>();

  const stop = (error: Error) => {
    worker?.terminate();
    worker = null;
    for (const call of pending.values()) {
      clearTimeout(call.watchdog);
      call.reject(error);
    }
    pending.clear();
    for (const timer of cancelling.values()) clearTimeout(timer);
    cancelling.clear();
  };
  const stalled = () => stop(new AppError('INTERNAL', `The import made no progress for ${Math.round(stallMs / 1000)} s and was stopped. The document may be too complex: try a smaller part of the API.`));

  const start = (): WorkerLike => {
    if (worker) return worker;
    const started = startWorker();
    started.onmessage = ({ data }) => {
      if (data.type !== 'progress' && cancelling.has(data.id)) {
        clearTimeout(cancelling.get(data.id));
        cancelling.delete(data.id);
      }
      const call = pending.get(data.id);
      if (!call) return;
      clearTimeout(call.watchdog);
      if (data.type === 'progress') {
        call.watchdog = setTimeout(stalled, stallMs);
        call.onProgress?.(data.progress);
        return;
      }
      pending.delete(data.id);
      if (data.type === 'failed') call.reject(new AppError(data.error.code in ERROR_CODES ? (data.error.code as ErrorCode) : 'INTERNAL', data.error.message));
      else call.resolve(data.result);
    };
    // A worker that fails to load (or dies) fails every call rather than leaving them waiting.
    started.onerror = (event) => {
      event.preventDefault();
      stop(new AppError('INTERNAL', `The import worker stopped: ${event.message || 'it could not start'}`));
    };
    worker = started;
    return started;
  };

  const run: Caller = (call, onProgress, signal) => {
    const id = nextId++;
    const target = start();
    return new Promise<CallResult>((resolve, reject) => {
      pending.set(id, { resolve, reject, ...(onProgress ? { onProgress } : {}), watchdog: setTimeout(stalled, stallMs) });
      signal?.addEventListener(
        'abort',
        () => {
          const cancelled = pending.get(id);
          if (!cancelled) return;
          clearTimeout(cancelled.watchdog);
          pending.delete(id);
          cancelled.reject(new AppError('BAD_REQUEST', 'The import was cancelled.'));
          target.postMessage({ id, type: 'cancel' });
          // A download stops at once; a parse in progress cannot, so the worker goes instead.
          cancelling.set(id, setTimeout(() => stop(new AppError('BAD_REQUEST', 'The import worker was restarted after a cancel: try again.')), cancelGraceMs));
        },
        { once: true },
      );
      target.postMessage({ ...call, id });
    });
  };

  return clientOver(store, run, () => stop(new AppError('BAD_REQUEST', 'The specs panel was closed.', { closed: true })));
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
