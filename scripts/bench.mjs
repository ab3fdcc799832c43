#!/usr/bin/env node
// `npm run bench`: runs every benchmark file (`*/bench/*.bench.ts`) one after another under
// Node 24 and prints their figures. Each benchmark compares with a baseline it runs in the same
// process and prints ratios; the results are recorded in docs/PERFORMANCE.md.
// `npm run bench -- openapi` runs only the files whose path contains "openapi".
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REPO_ROOT, ensureDependencies, ensureModernNode, log, runScript } from './lib/toolchain.mjs';

await ensureModernNode();

await runScript(async () => {
  ensureDependencies();
  const filters = process.argv.slice(2);
  const files = ['shared', 'server', 'extension']
    .flatMap((pkg) => {
      const dir = join(REPO_ROOT, pkg, 'bench');
      try {
        return readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).map((f) => join(dir, f));
      } catch {
        return [];
      }
    })
    .filter((file) => filters.length === 0 || filters.some((f) => file.includes(f)));
  let failed = 0;
  for (const file of files) {
    log(`bench ${relative(REPO_ROOT, file)}`);
    const result = spawnSync(process.execPath, ['--expose-gc', file], { cwd: REPO_ROOT, stdio: 'inherit', timeout: 20 * 60_000 });
    if (result.status !== 0) {
      failed++;
      log(`bench ${relative(REPO_ROOT, file)} failed (exit ${result.status ?? result.signal})`);
    }
  }
  log(`${files.length - failed} benchmarks ran, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
});
