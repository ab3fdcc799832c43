#!/usr/bin/env node
// `npm test`: installs what the tests need, runs lint, typecheck, the extension builds and every
// vitest project (unit, server on Postgres+Redis and embedded, browser end-to-end, real n8n),
// then prints one line: `N passed, N failed`.
//
// Extra arguments go to vitest, e.g. `npm test -- --project shared` (the static checks still run).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBrowsers } from './lib/browsers.mjs';
import { ensureN8n, startN8n } from './lib/n8n.mjs';
import { REPO_ROOT, SetupError, ensureDependencies, ensureModernNode, log, pnpmCommand, runScript } from './lib/toolchain.mjs';

await ensureModernNode();

await runScript(async () => {
  const started = Date.now();
  const vitestArgs = process.argv.slice(2);
  ensureDependencies();
  const checks = [];
  const env = { ...process.env, AIHTTP_TEST_RUN_ID: `${Date.now().toString(36)}${process.pid}` };

  const browsers = ensureBrowsers();
  if (browsers.chromium) env.CHROMIUM_PATH = browsers.chromium;
  if (browsers.firefox) env.FIREFOX_PATH = browsers.firefox;
  if (browsers.problems.length) env.AIHTTP_BROWSER_PROBLEMS = browsers.problems.join('\n');

  // n8n boots in about 40 s: start it now and let the static checks run meanwhile.
  let n8n;
  const n8nReady = (async () => {
    try {
      ensureN8n();
      n8n = await startN8n();
      log(`n8n ${n8n.url} is ready`);
    } catch (error) {
      const message = error instanceof SetupError ? error.describe() : error.message;
      env.AIHTTP_N8N_PROBLEM = message;
      log(`n8n is not available, its tests will fail: ${message}`);
    }
  })();

  const [node, pnpmCli] = pnpmCommand();
  const pnpm = (args, name) => step(name, node, [pnpmCli, ...args], env);
  checks.push(await pnpm(['exec', 'eslint', '.', '--max-warnings=0'], 'lint'));
  checks.push(await pnpm(['-r', '--workspace-concurrency=1', 'typecheck'], 'typecheck'));
  checks.push(await pnpm(['--filter', '@ai-http/extension', 'build:all'], 'extension builds'));

  await n8nReady;
  if (n8n) Object.assign(env, { N8N_TEST_URL: n8n.url, N8N_TEST_API_KEY: n8n.apiKey, N8N_TEST_EMAIL: n8n.owner.email, N8N_TEST_PASSWORD: n8n.owner.password });

  const resultsDir = join(REPO_ROOT, 'test-results');
  mkdirSync(resultsDir, { recursive: true });
  const jsonFile = join(resultsDir, 'vitest.json');
  rmSync(jsonFile, { force: true });
  await step('vitest', node, [pnpmCli, 'exec', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${jsonFile}`, ...vitestArgs], env);
  await n8n?.stop();

  const tests = readVitestResults(jsonFile);
  const failedChecks = checks.filter((c) => !c.ok);
  const passed = tests.passed + checks.length - failedChecks.length;
  const failed = tests.failed + failedChecks.length;
  console.log('');
  for (const check of checks) console.log(`${check.ok ? 'ok  ' : 'FAIL'} ${check.name} (${check.seconds} s)`);
  for (const name of tests.failedNames) console.log(`FAIL ${name}`);
  if (tests.missing) console.log('FAIL vitest wrote no results: see its output above');
  console.log(`total wall time ${Math.round((Date.now() - started) / 1000)} s`);
  console.log(`${passed} passed, ${failed + (tests.missing ? 1 : 0)} failed`);
  process.exitCode = failed || tests.missing || tests.total === 0 ? 1 : 0;
});

function step(name, cmd, args, env) {
  const began = Date.now();
  log(`${name}: ${args.slice(1).join(' ')}`);
  return new Promise((resolveStep) => {
    const child = spawn(cmd, args, { cwd: REPO_ROOT, env, stdio: 'inherit' });
    child.on('error', () => resolveStep({ name, ok: false, seconds: 0 }));
    child.on('exit', (code) => resolveStep({ name, ok: code === 0, seconds: Math.round((Date.now() - began) / 100) / 10 }));
  });
}

function readVitestResults(file) {
  if (!existsSync(file)) return { passed: 0, failed: 0, total: 0, failedNames: [], missing: true };
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const failedNames = [];
  for (const suite of report.testResults ?? []) {
    const relative = suite.name.replace(`${REPO_ROOT}/`, '');
    for (const test of suite.assertionResults ?? []) {
      if (test.status === 'failed') failedNames.push(`${relative} > ${test.fullName}`);
    }
    // A file that failed to load (syntax error, failing hook) has no assertions but still failed.
    if (suite.status === 'failed' && !(suite.assertionResults ?? []).some((t) => t.status === 'failed')) failedNames.push(`${relative} (${(suite.message ?? 'failed to run').split('\n')[0]})`);
  }
  const skipped = report.numPendingTests + report.numTodoTests;
  if (skipped > 0) failedNames.push(`${skipped} skipped or todo tests: this project allows none`);
  return {
    passed: report.numPassedTests,
    failed: failedNames.length,
    total: report.numTotalTests,
    failedNames,
    missing: false,
  };
}
