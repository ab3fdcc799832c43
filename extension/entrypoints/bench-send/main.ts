// A test-only extension page (unlisted, linked from nowhere): exposes the builder's send path
// (permission check, fetch, answer read, history recorded by the background) to the benchmark,
// which times it against the same fetch made directly in the service worker.
import { createRequestSpec } from '@ai-http/shared/request/spec';
import { sendFromPage } from '../../features/request-builder/builder-store.ts';

(window as unknown as { benchSend(url: string): Promise<number> }).benchSend = async (url) => {
  // The request is built before the clock starts, as the builder has it before Send is clicked.
  const request = createRequestSpec({ method: 'GET', url });
  const started = performance.now();
  const response = await sendFromPage(request, { signal: new AbortController().signal, timeoutMs: 30_000 });
  if (response.status !== 200) throw new Error(`answered ${response.status}`);
  return performance.now() - started;
};
