// OpenAPI import on the real Stripe (4.2 MB) and GitHub (3.0 MB) specs: time to a searchable
// catalog, peak heap, and search p50/p95. Baseline in the same run: the chosen parser's full
// dereference of the same document (what a catalog built the naive way would pay).
// Targets: ≤ 1.5 s and ≤ 300 MB per spec, search p95 ≤ 5 ms.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { dereference } from '@scalar/openapi-parser';
import { buildCatalog } from '../src/openapi/catalog.ts';
import { loadOpenApi } from '../src/openapi/document.ts';
import { createSearchIndex } from '../src/search/index.ts';

const QUERIES = ['create a customer', 'list invoices', 'refund a charge', 'cancel a subscription', 'close an issue', 'create a pull request', 'list repositories of a user', 'delete a webhook', 'update a price', 'get the balance', 'add a comment', 'search issues', 'upload a file', 'list members of an organization', 'create a payment intent', 'merge a pull request'];

/** Time, and heap still held afterwards (synchronous work cannot be sampled by a timer; the process's peak RSS is printed at the end). */
function measure<T>(run: () => T): { value: T; ms: number; retainedMb: number } {
  globalThis.gc?.();
  const before = process.memoryUsage().heapUsed;
  const started = performance.now();
  const value = run();
  const ms = performance.now() - started;
  return { value, ms, retainedMb: (process.memoryUsage().heapUsed - before) / 2 ** 20 };
}

const pct = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

for (const file of ['stripe-2022-04-12.json', 'github-2020-08-30.json']) {
  const text = readFileSync(resolve(import.meta.dirname, '../../../shared/fixtures/openapi', file), 'utf8');
  const ours = measure(() => {
    const catalog = buildCatalog(loadOpenApi(text));
    return { catalog, index: createSearchIndex({ operations: catalog.operations }) };
  });
  const baseline = measure(() => dereference(JSON.parse(text)));
  const times: number[] = [];
  for (let round = 0; round < 20; round++) {
    for (const query of QUERIES) {
      const started = performance.now();
      ours.value.index.search(query, { limit: 10 });
      times.push(performance.now() - started);
    }
  }
  times.sort((a, b) => a - b);
  console.log(
    `${file.padEnd(24)} ${String(ours.value.catalog.operations.length).padStart(4)} ops | catalog+index ${ours.ms.toFixed(0).padStart(5)} ms, heap held +${ours.retainedMb.toFixed(0)} MB | full dereference ${baseline.ms.toFixed(0)} ms, heap held +${baseline.retainedMb.toFixed(0)} MB | ratio ${(ours.ms / baseline.ms).toFixed(2)} | search p50 ${pct(times, 0.5).toFixed(2)} ms, p95 ${pct(times, 0.95).toFixed(2)} ms (${times.length} searches)`,
  );
}
console.log(`peak RSS of the whole run: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
