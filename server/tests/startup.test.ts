// Starts the real entry point (`node server/src/main.ts`) as a child process, as `npm start` does.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { UUID_PATTERN } from '@ai-http/shared/ids';
import { pino } from 'pino';
import { openDatabase } from '../src/infra/database.ts';
import { entities } from '../src/modules/entities.ts';
import { storeEnv } from './helpers.ts';

const MAIN = resolve(import.meta.dirname, '../src/main.ts');
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tempDataDir() {
  const dir = mkdtempSync(join(tmpdir(), 'ai-http-start-'));
  dirs.push(dir);
  return dir;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs main.ts until it exits, or until `until` matches its stdout (then stops it with SIGTERM). */
function runMain(env: NodeJS.ProcessEnv, until?: RegExp, timeoutMs = 30_000): Promise<Run> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [MAIN], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`main.ts did not finish within ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (until?.test(stdout)) child.kill('SIGTERM');
    });
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolveRun({ code, stdout, stderr });
    });
  });
}

describe('server start-up', () => {
  it('rejects a bad variable by name and reason, with exit code 1 and no stack trace', async () => {
    const run = await runMain({ ...storeEnv(tempDataDir()), PORT: 'eighty', REDIS_URL: 'http://nope' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('PORT: must be a number');
    expect(run.stderr).toContain('REDIS_URL: must be a redis:// or rediss:// URL');
    expect(run.stderr).not.toMatch(/\bat .+:\d+:\d+\)/);
  });

  it('stops with a clear error when DATABASE_URL names a database that does not exist, and does not create it', async () => {
    const admin = new pg.Client({ connectionString: process.env.TEST_POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432/test' });
    await admin.connect();
    const missing = `aihttp_missing_${Date.now().toString(36)}`;
    const url = new URL(process.env.TEST_POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432/test');
    url.pathname = `/${missing}`;
    try {
      const run = await runMain({ ...storeEnv(tempDataDir()), DATABASE_URL: url.toString() });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('does not exist');
      expect(run.stderr).toContain('DATABASE_CREATE=true');
      const found = await admin.query('select 1 from pg_database where datname = $1', [missing]);
      expect(found.rowCount).toBe(0);
    } finally {
      await admin.query(`drop database if exists "${missing}"`);
      await admin.end();
    }
  });

  it('starts several replicas at once on a new Postgres database: one migrates, the others wait for it', async () => {
    const admin = new pg.Client({ connectionString: process.env.TEST_POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432/test' });
    await admin.connect();
    const fresh = `aihttp_replicas_${Date.now().toString(36)}`;
    await admin.query(`create database "${fresh}"`);
    const url = new URL(process.env.TEST_POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432/test');
    url.pathname = `/${fresh}`;
    try {
      const opened = await Promise.allSettled(Array.from({ length: 3 }, () => openDatabase({ kind: 'postgres', url: url.toString(), create: false }, pino({ level: 'silent' }), entities)));
      for (const result of opened) if (result.status === 'fulfilled') await result.value.close();
      expect(opened.map((result) => (result.status === 'fulfilled' ? 'started' : String(result.reason)))).toEqual(['started', 'started', 'started']);
    } finally {
      await admin.query(`drop database if exists "${fresh}" with (force)`);
      await admin.end();
    }
  });

  it('requires ENCRYPTION_KEY and JWT_SECRET in production', async () => {
    const run = await runMain({ ...storeEnv(tempDataDir()), NODE_ENV: 'production' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('ENCRYPTION_KEY: is required when NODE_ENV=production');
    expect(run.stderr).toContain('JWT_SECRET: is required when NODE_ENV=production');
  });

  it('says clearly when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    try {
      const run = await runMain({ ...storeEnv(tempDataDir()), PORT: String(port) });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`port ${port} on 127.0.0.1 is already in use`);
      expect(run.stderr).toContain('PORT=');
    } finally {
      blocker.close();
    }
  });

  it('prints the URL, the stores and where the extension is; generates secrets once', async () => {
    const dataDir = tempDataDir();
    const first = await runMain({ ...storeEnv(dataDir) }, /extension: load/);
    expect(first.stdout).toMatch(/server listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(first.stdout).toMatch(/database: (Postgres|embedded PGlite)/);
    expect(first.stdout).toMatch(/redis: (Redis|in-process stand-in)/);
    expect(first.stdout).toContain('extension/.output/chrome-mv3');
    expect(first.stdout).toContain('generated ENCRYPTION_KEY and JWT_SECRET');
    const secrets = join(dataDir, 'secrets.json');
    expect(statSync(secrets).mode & 0o777).toBe(0o600);
    const before = readFileSync(secrets, 'utf8');

    const second = await runMain({ ...storeEnv(dataDir) }, /extension: load/);
    expect(second.stdout).not.toContain('generated ENCRYPTION_KEY');
    expect(readFileSync(secrets, 'utf8')).toBe(before);
  });
});

describe('embedded store', () => {
  it('keeps its data in AIHTTP_DATA_DIR across a restart', async () => {
    const dataDir = tempDataDir();
    const env = { NODE_ENV: 'test', AIHTTP_DATA_DIR: dataDir, LOG_LEVEL: 'silent', PORT: '0' };
    const { bootstrap } = await import('../src/app.ts');
    const { loadConfig } = await import('../src/config.ts');
    const query = 'select installation_id from server_meta';
    const first = await bootstrap(loadConfig(env));
    expect(first.services.database.kind).toBe('embedded');
    const [before] = await first.services.database.orm.em.fork().getConnection().execute(query);
    await first.close();
    const second = await bootstrap(loadConfig(env));
    const [after] = await second.services.database.orm.em.fork().getConnection().execute(query);
    await second.close();
    expect(after?.installation_id).toMatch(UUID_PATTERN);
    expect(after?.installation_id).toBe(before?.installation_id);
  });
});
