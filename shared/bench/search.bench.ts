// The plain-words search (issue 16 item 3): ranking quality on tests/fixtures/search-queries.json
// and the cost of building and querying the index, on GitHub's (3.0 MB) and Stripe's (4.2 MB)
// specs and the built-in templates. Baseline in the same process: the search as it was before
// the intent re-ranking (shared/src/search/index.ts at commit e9b7242, read from git), so the
// ratios show what the re-ranking costs. Goal: neither building nor querying markedly slower.
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createSearchIndex, type SearchIndex } from '../src/search/index.ts';
import { evaluate, evaluationSet, evaluationSources, formatEvaluation } from '../tests/search-evaluation.ts';

const BASELINE_COMMIT = 'e9b7242';
const ROUNDS = Number(process.env.BENCH_RUNS ?? 15);

// The old module, written beside this file for the time of its import (Node strips its types).
const baselineFile = resolve(import.meta.dirname, `.search-baseline-${process.pid}.ts`);
writeFileSync(baselineFile, execFileSync('git', ['show', `${BASELINE_COMMIT}:shared/src/search/index.ts`], { cwd: import.meta.dirname, encoding: 'utf8' }));
let baseline: { createSearchIndex: typeof createSearchIndex };
try {
  baseline = await import(pathToFileURL(baselineFile).href);
} finally {
  rmSync(baselineFile);
}

const sources = evaluationSources();
const implementations = { 'intent re-ranking (this change)': createSearchIndex, [`before (${BASELINE_COMMIT}, baseline)`]: baseline.createSearchIndex };

for (const [name, create] of Object.entries(implementations)) console.log(`ranking, ${name}\n${formatEvaluation(evaluate(create, sources))}\n`);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const pct = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

interface Figures {
  buildMs: Record<string, number[]>;
  queryMs: number[];
  heapMb: number[];
}
const figures = Object.fromEntries(Object.keys(implementations).map((name) => [name, { buildMs: { github: [], stripe: [] }, queryMs: [], heapMb: [] } as Figures]));

// Alternated round by round, each going first every other round, so a slow moment on the shared
// machine (or the garbage the other one left) hits both.
for (let round = 0; round < ROUNDS; round++) {
  const order = Object.entries(implementations);
  for (const [name, create] of round % 2 ? order.reverse() : order) {
    const f = figures[name]!;
    const indexes: Record<string, SearchIndex> = {};
    globalThis.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    for (const source of ['github', 'stripe'] as const) {
      const started = performance.now();
      indexes[source] = create({ operations: sources[source] });
      f.buildMs[source]!.push(performance.now() - started);
    }
    indexes.templates = create({ templates: sources.templates });
    globalThis.gc?.();
    f.heapMb.push((process.memoryUsage().heapUsed - heapBefore) / 2 ** 20);
    for (const query of evaluationSet) {
      const started = performance.now();
      indexes[query.source]!.search(query.query, { limit: 10 });
      f.queryMs.push(performance.now() - started);
    }
  }
}

const [ours, before] = Object.values(figures) as [Figures, Figures];
// The minimum is the figure least moved by other work on a shared machine.
const row = (f: Figures) => ({
  'GitHub build min / p50 (ms)': `${Math.min(...f.buildMs.github!).toFixed(1)} / ${median(f.buildMs.github!).toFixed(1)}`,
  'Stripe build min / p50 (ms)': `${Math.min(...f.buildMs.stripe!).toFixed(1)} / ${median(f.buildMs.stripe!).toFixed(1)}`,
  'heap held, 3 indexes p50 (MB)': median(f.heapMb).toFixed(1),
  'query p50 (ms)': pct(f.queryMs, 0.5).toFixed(3),
  'query p95 (ms)': pct(f.queryMs, 0.95).toFixed(3),
});
console.log(`index build and ${evaluationSet.length} queries × ${ROUNDS} rounds (limit 10), GitHub ${sources.github.length} + Stripe ${sources.stripe.length} operations + ${sources.templates.length} templates`);
console.table(Object.fromEntries(Object.keys(figures).map((name) => [name, row(figures[name]!)])));
const ratio = (a: number, b: number) => (a / b).toFixed(2);
console.log(
  `ratios this change / baseline: build min GitHub ${ratio(Math.min(...ours.buildMs.github!), Math.min(...before.buildMs.github!))}, Stripe ${ratio(Math.min(...ours.buildMs.stripe!), Math.min(...before.buildMs.stripe!))}; build p50 GitHub ${ratio(median(ours.buildMs.github!), median(before.buildMs.github!))}, Stripe ${ratio(median(ours.buildMs.stripe!), median(before.buildMs.stripe!))}; query p50 ${ratio(pct(ours.queryMs, 0.5), pct(before.queryMs, 0.5))}, p95 ${ratio(pct(ours.queryMs, 0.95), pct(before.queryMs, 0.95))}`,
);
