// The import worker: download or read the spec, parse it, resolve every operation, write it to
// the specs store and answer searches, all off the page's thread (Stripe's 4.2 MB spec would
// otherwise block it for a few hundred milliseconds). Started by client.ts as a module worker.
import { AppError } from '@ai-http/shared/errors';
import { parseSpec } from './import-core.ts';
import type { WorkerCall, WorkerFailure, WorkerRequest, WorkerResponse } from './protocol.ts';
import { describeSource, readSource } from './source.ts';
import { SpecStore } from './store.ts';

interface WorkerScope {
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(message: WorkerResponse): void;
}

/** Answers the page's requests; the store and the running imports live as long as the worker. */
function serve(scope: WorkerScope, store: SpecStore): void {
  const running = new Map<number, AbortController>();
  scope.onmessage = ({ data }) => {
    if (data.type === 'cancel') running.get(data.id)?.abort(new AppError('BAD_REQUEST', 'The import was cancelled.'));
    else void handle(scope, store, running, data);
  };
}

serve(self as unknown as WorkerScope, new SpecStore());

async function handle(scope: WorkerScope, store: SpecStore, running: Map<number, AbortController>, request: WorkerCall & { id: number }): Promise<void> {
  const { id } = request;
  try {
    if (request.type === 'search') {
      scope.postMessage({ id, type: 'done', result: { kind: 'search', hits: await store.searchSpecs(request.query, request.limit) } });
      return;
    }
    const controller = new AbortController();
    running.set(id, controller);
    const progress = (p: WorkerResponse & { type: 'progress' }) => scope.postMessage(p);
    const text = await readSource(request.source, (p) => progress({ id, type: 'progress', progress: p }), controller.signal);
    const parsed = parseSpec(text, (p) => progress({ id, type: 'progress', progress: p }));
    const spec = await store.save(parsed, { source: describeSource(request.source) });
    // Built now, so the first search after the import answers at once.
    await store.searchSpecs('', 1);
    scope.postMessage({ id, type: 'done', result: { kind: 'import', spec } });
  } catch (error) {
    scope.postMessage({ id, type: 'failed', error: toFailure(error) });
  } finally {
    running.delete(id);
  }
}

function toFailure(error: unknown): WorkerFailure {
  if (error instanceof AppError) return { code: error.code, message: error.message };
  // A stack overflow from a pathological document, Dexie's quota error: say it plainly.
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message: `The spec could not be imported: ${message}` };
}
