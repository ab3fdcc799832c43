// A 10 MB execution, as the debugger panel's background receives it from n8n: time to parse the
// JSON and build the digest. Baseline in the same run: JSON.parse alone. Target (issue 6): the
// execution opens in ≤ 1 s, of which this is the CPU part (the fetch is n8n's and the network's).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { summarizeExecution } from '../src/n8n/digest.ts';

const base = JSON.parse(readFileSync(resolve(import.meta.dirname, '../tests/fixtures/executions/closed-port.json'), 'utf8')) as { data: { resultData: { runData: Record<string, { data: { main: unknown[][] } }[]> } } };
const item = (i: number) => ({ json: { id: i, email: `user${i}@example.com`, tags: ['a', 'b', 'c'], address: { street: `${i} Main St`, city: 'Springfield', zip: String(10000 + i) }, notes: 'x'.repeat(400) } });
const items: unknown[] = [];
let text = '';
for (let i = 0; text.length < 10 * 1024 * 1024; i += 1000) {
  for (let j = i; j < i + 1000; j++) items.push(item(j));
  base.data.resultData.runData.Webhook![0]!.data.main[0] = items;
  text = JSON.stringify(base);
}
console.log(`execution: ${(text.length / 1024 / 1024).toFixed(1)} MB, ${items.length} items into the failing node`);

const time = (run: () => unknown, rounds = 7) => {
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const started = performance.now();
    run();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(rounds / 2)]!;
};
const parseOnly = time(() => JSON.parse(text));
const digest = time(() => summarizeExecution(JSON.parse(text)));
const result = summarizeExecution(JSON.parse(text));
console.log(`JSON.parse alone (baseline): ${parseOnly.toFixed(0)} ms; parse + summarizeExecution: ${digest.toFixed(0)} ms (ratio ${(digest / parseOnly).toFixed(2)}); digest keeps ${result.inputItems.items.length} of ${result.inputItems.total} items, ${JSON.stringify(result).length} bytes`);
console.log(`target ≤ 1000 ms for the CPU part: ${digest <= 1000 ? 'met' : 'NOT met'}`);
