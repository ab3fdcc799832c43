// One call of the specs service (import or search), the same in the worker and in-process: the
// worker wraps it in messages, tests call it straight.
import { parseSpec, type ProgressListener } from './import-core.ts';
import type { WorkerCall } from './protocol.ts';
import type { StoredSpec } from './schema.ts';
import { describeSource, readSource } from './source.ts';
import type { SpecSearchHit, SpecStore } from './store.ts';

export type CallResult = { kind: 'import'; spec: StoredSpec } | { kind: 'search'; hits: SpecSearchHit[] };

export async function runSpecsCall(store: SpecStore, call: WorkerCall, onProgress: ProgressListener, signal?: AbortSignal): Promise<CallResult> {
  if (call.type === 'search') return { kind: 'search', hits: await store.searchSpecs(call.query, call.limit) };
  const text = await readSource(call.source, onProgress, signal);
  const parsed = parseSpec(text, onProgress);
  const spec = await store.save(parsed, { source: describeSource(call.source) });
  // Built now, so the first search after the import answers at once.
  await store.searchSpecs('', 1);
  return { kind: 'import', spec };
}
