// The import worker: download or read the spec, parse it, resolve every operation, write it to
// the specs store and answer searches, all off the page's thread (Stripe's 4.2 MB spec would
// otherwise block it for a few hundred milliseconds). Started by client.ts as a module worker.
import '../../../common/zod-jitless.ts';
import { AppError } from '@ai-http/shared/errors';
import type { WorkerCall, WorkerFailure, WorkerRequest, WorkerResponse } from './protocol.ts';
import { runSpecsCall } from './service.ts';
import { SpecStore } from './store.ts';

interface WorkerScope {
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(message: WorkerResponse): void;
}

/** Answers the page's requests; the store and the running imports live as long as the worker. */
function serve(scope: WorkerScope, store: SpecStore): void {
  const running = new Map<number, AbortController>();
  const handle = async ({ id, ...call }: WorkerCall & { id: number }) => {
    const controller = new AbortController();
    running.set(id, controller);
    try {
      const result = await runSpecsCall(store, call as WorkerCall, (progress) => scope.postMessage({ id, type: 'progress', progress }), controller.signal);
      scope.postMessage({ id, type: 'done', result });
    } catch (error) {
      scope.postMessage({ id, type: 'failed', error: toFailure(error) });
    } finally {
      running.delete(id);
    }
  };
  scope.onmessage = ({ data }) => {
    if (data.type === 'cancel') running.get(data.id)?.abort(new AppError('BAD_REQUEST', 'The import was cancelled.'));
    else void handle(data);
  };
}

function toFailure(error: unknown): WorkerFailure {
  if (error instanceof AppError) return { code: error.code, message: error.message };
  // A stack overflow from a pathological document, Dexie's quota error: say it plainly.
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message: `The spec could not be imported: ${message}` };
}

serve(self as unknown as WorkerScope, new SpecStore());
