// The setup steps npm start / npm test rely on fail with what went wrong and what to do, quickly.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const cacheDir = mkdtempSync(join(tmpdir(), 'ai-http-cache-test-'));
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

/** Runs a snippet against the real scripts/lib modules in a child Node, with its own env. */
function runSnippet(code: string, env: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, ['--input-type=module', '-e', code], {
    cwd: ROOT,
    // The full environment: the machine's CA settings (NODE_EXTRA_CA_CERTS) are what let npm reach the registry.
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
}

describe('setup scripts', () => {
  it('says where a browser path points nowhere, without trying apt', () => {
    const result = runSnippet("import { ensureBrowsers } from './scripts/lib/browsers.mjs'; console.log(JSON.stringify(ensureBrowsers()));", {
      CHROMIUM_PATH: '/nowhere/chromium',
    });
    expect(result.status).toBe(0);
    const found = JSON.parse(result.stdout);
    expect(found.chromium).toBeUndefined();
    expect(found.problems).toEqual(['chromium was not found at CHROMIUM_PATH=/nowhere/chromium: fix the path, or unset CHROMIUM_PATH to use chromium from apt']);
  });

  it('reports a failed cached install with a hint, and leaves nothing that looks installed', () => {
    const result = runSnippet(
      "import { installIntoCache, runScript } from './scripts/lib/toolchain.mjs'; await runScript(() => installIntoCache('broken-1', ['@ai-http/no-such-package-anywhere@0.0.0'], { hint: 'check the registry' }));",
      { AIHTTP_CACHE_DIR: cacheDir },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('[ai-http] ERROR: npm install @ai-http/no-such-package-anywhere@0.0.0 failed');
    expect(result.stderr).toContain('[ai-http] What to do: check the registry');
    expect(result.stderr).not.toMatch(/\n\s+at .+\.mjs:\d+/);
    expect(existsSync(join(cacheDir, 'broken-1', '.ready'))).toBe(false);
    expect(readdirSync(cacheDir)).toEqual([]);
  });

  it('stops a setup step that hangs, and says so', () => {
    const result = runSnippet("import { run, runScript } from './scripts/lib/toolchain.mjs'; await runScript(() => run('sleep', ['30'], { timeoutMs: 1000, what: 'a hanging step', hint: 'look at the network' }));", {});
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('a hanging step did not finish within 1 s and was stopped');
  });
});
