// Picks the OpenAPI parser by measurement: each candidate fully dereferences the real Stripe
// (4.2 MB) and GitHub (3.0 MB) specs; time and heap growth are printed side by side.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { dereference as readmeDereference } from '@readme/openapi-parser';
import { dereference as scalarDereference, validate as scalarValidate } from '@scalar/openapi-parser';

const SPECS = ['stripe-2022-04-12.json', 'github-2020-08-30.json'].map((file) => ({ file, text: readFileSync(resolve(import.meta.dirname, '../../../shared/fixtures/openapi', file), 'utf8') }));

async function measure(run: () => Promise<unknown>) {
  globalThis.gc?.();
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 5);
  const started = performance.now();
  await run();
  const ms = performance.now() - started;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  return { ms, peakMb: (peak - before) / 2 ** 20 };
}

const candidates: Record<string, (text: string) => Promise<unknown>> = {
  '@scalar/openapi-parser dereference': async (text) => scalarDereference(JSON.parse(text)),
  '@scalar/openapi-parser validate': async (text) => scalarValidate(JSON.parse(text)),
  '@readme/openapi-parser dereference': (text) => readmeDereference(JSON.parse(text)),
  '@apidevtools/swagger-parser dereference': (text) => SwaggerParser.dereference(JSON.parse(text)),
};

for (const { file, text } of SPECS) {
  for (const [name, run] of Object.entries(candidates)) {
    try {
      const { ms, peakMb } = await measure(() => run(text));
      console.log(`${file.padEnd(26)} ${name.padEnd(42)} ${ms.toFixed(0).padStart(6)} ms  +${peakMb.toFixed(0)} MB heap`);
    } catch (error) {
      console.log(`${file.padEnd(26)} ${name.padEnd(42)} failed: ${(error as Error).message.slice(0, 100)}`);
    }
  }
}
