#!/usr/bin/env node
// `npm run package`: the store uploads, in dist/:
//   ai-http-<version>-chrome.zip   for the Chrome Web Store
//   ai-http-<version>-firefox.zip  for addons.mozilla.org
//   ai-http-<version>-sources.zip  the sources AMO asks for (the repository, so shared/ is in it)
// Release builds only (no end-to-end origins), built into extension/.output/package so that a
// test run reading extension/.output/chrome-mv3 meanwhile is not disturbed.
import { mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, ensureDependencies, ensureModernNode, log, pnpm, runScript } from './lib/toolchain.mjs';

await ensureModernNode();

await runScript(async () => {
  ensureDependencies();
  const outDir = join(REPO_ROOT, 'extension/.output/package');
  const dist = join(REPO_ROOT, 'dist');
  rmSync(outDir, { recursive: true, force: true });
  rmSync(dist, { recursive: true, force: true });
  mkdirSync(dist, { recursive: true });
  // NODE_ENV is pinned: inherited from a test runner ("test"), it would bundle React's development build.
  const env = { ...process.env, NODE_ENV: 'production', AIHTTP_E2E_ORIGINS: '', AIHTTP_OUT_DIR: '.output/package', AIHTTP_STORE_BUILD: '1' };
  for (const args of [[], ['-b', 'firefox', '--mv3']]) {
    pnpm(['--filter', '@ai-http/extension', 'exec', 'wxt', 'zip', ...args], {
      env,
      quiet: true,
      what: `packaging the extension${args.length ? ' for Firefox' : ' for Chrome'}`,
      hint: 'run `pnpm --filter @ai-http/extension exec wxt zip` to see the full error',
    });
  }
  const zips = readdirSync(outDir).filter((name) => name.endsWith('.zip'));
  for (const name of zips) renameSync(join(outDir, name), join(dist, name));
  for (const name of zips.sort()) log(`dist/${name} (${Math.round(statSync(join(dist, name)).size / 1024)} KB)`);
});
