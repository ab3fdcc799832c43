// The admin commands of the `ai-http` CLI, run as a user would, on this project's store.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyIdOf } from '../src/infra/secret-box.ts';
import { apiClient, signUp, startTestServer, storeEnv, type TestServer } from './helpers.ts';

const CLI = resolve(import.meta.dirname, '../../scripts/ai-http.mjs');

describe('ai-http admin commands', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ai-http-admin-'));
  const store = storeEnv(dataDir);
  // keys rotate re-encrypts every instance in its database: on Postgres this file gets a database
  // of its own, so the other test files' rows (sealed with their own keys) are not in the way.
  const ownDatabase = store.DATABASE_URL ? store.DATABASE_URL.replace(/\/([^/]+)$/, '/$1_admin') : undefined;
  if (ownDatabase) store.DATABASE_URL = ownDatabase;
  const env = { ...process.env, ...store, LOG_LEVEL: 'warn' };
  const cli = (args: string[], input = '') => {
    const result = spawnSync(process.execPath, [CLI, ...args], { input, encoding: 'utf8', env, timeout: 120_000 });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  let server: TestServer | undefined;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: ownDatabase!.replace(/\/[^/]+$/, '/postgres') });
    await client.connect();
    await client.query(sql);
    await client.end();
  };
  beforeAll(async () => {
    if (ownDatabase) {
      const name = new URL(ownDatabase).pathname.slice(1);
      await admin(`drop database if exists "${name}" with (force)`);
      await admin(`create database "${name}"`);
    }
    expect(cli(['migrate']).code).toBe(0);
  });
  afterAll(async () => {
    await server?.close();
    if (ownDatabase) await admin(`drop database if exists "${new URL(ownDatabase).pathname.slice(1)}" with (force)`);
  });
  const boot = (extra: NodeJS.ProcessEnv) => startTestServer({ AIHTTP_DATA_DIR: dataDir, ...(ownDatabase ? { DATABASE_URL: ownDatabase } : {}), ...extra });

  it('migrate reports the applied migrations', () => {
    const { code, stdout } = cli(['migrate']);
    expect(code).toBe(0);
    // Every migration in src/db/migrations, in order.
    const shipped = readdirSync(resolve(import.meta.dirname, '../src/db/migrations')).filter((file) => /^\d{4}-.+\.ts$/.test(file)).map((file) => file.replace(/\.ts$/, '')).sort();
    expect(shipped.length).toBeGreaterThanOrEqual(6);
    expect(JSON.parse(stdout).applied).toEqual(shipped);
  });

  // Four runs of the CLI, each opening the store (embedded: PGlite, slow on a busy machine).
  it('user create makes an account that can sign in, with the password read from stdin; user admin makes it an admin', { timeout: 120_000 }, async () => {
    const email = `admin-${Date.now()}@example.com`;
    const made = cli(['user', 'create', '--email', email, '--name', 'Admin', '--plan', 'TEAM'], 'a-long-admin-password\n');
    expect(made.code, made.stderr).toBe(0);
    expect(JSON.parse(made.stdout)).toMatchObject({ email, plan: 'TEAM' });
    expect(cli(['user', 'create', '--email', email, '--name', 'Again'], 'a-long-admin-password\n')).toMatchObject({ code: 2, stderr: expect.stringMatching(/already exists/) });
    expect(cli(['user', 'create', '--email', 'nope', '--name', 'X'], 'short')).toMatchObject({ code: 2, stderr: expect.stringMatching(/email .*; password/) });
    const granted = cli(['user', 'admin', '--email', email.toUpperCase()]);
    expect(granted.code, granted.stderr).toBe(0);
    server = await boot({});
    const login = await apiClient(server.url).call<{ data: { accessToken: string } }>('POST', '/api/v1/auth/login', { body: { email, password: 'a-long-admin-password' } });
    expect(login.status, JSON.stringify(login.body)).toBe(200);
    // An admin now: past the admin check of /admin/queues (the view itself, or, embedded, "needs Redis").
    const queues = await fetch(`${server.url}/admin/queues`, { headers: { authorization: `Bearer ${login.body.data.accessToken}` } });
    expect(queues.status).toBe(ownDatabase ? 200 : 503);
    await server.close();
    server = undefined;
  });

  it('templates seed is idempotent', () => {
    const again = cli(['templates', 'seed']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual({ inserted: 0, updated: 0 });
  });

  it('keys rotate: a new data key (no restart needed), and --master a new master key', async () => {
    const newKey = Buffer.alloc(32, 7).toString('base64');
    // Embedded, secrets live in the data folder; on Postgres the test passes them as variables.
    const secrets = { ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'), JWT_SECRET: 'j'.repeat(48) };
    Object.assign(env, secrets);
    server = await boot(secrets);
    const api = apiClient(server.url);
    const user = await signUp(api, 'rotate');
    const created = await api.call<{ data: { id: string } }>('POST', '/api/v1/instances', { token: user.accessToken, body: { name: 'R', url: 'https://n8n.example.com', apiKey: 'n8n_api_rotate_me_1234' } });
    const sealed = async () => ((await server!.app.services.database.orm.em.fork().getConnection().execute('select "api_key_ciphertext" as "ciphertext", "api_key_key_id" as "keyId" from "instances" where "id" = ?', [created.body.data.id])) as { ciphertext: string; keyId: string }[])[0]!;
    // A saved request's secret, sealed in its row and in the sync change log (modules/sync/sealed-fields.ts).
    const saved = await api.call<{ data: { id: string } }>('POST', '/api/v1/requests', { token: user.accessToken, body: { name: 'R', request: { v: 1, method: 'GET', url: 'https://api.example.com', auth: { type: 'bearer', token: 'rotate-SECRET-5151' } } } });
    const sealedKeys = async () => {
      const connection = server!.app.services.database.orm.em.fork().getConnection();
      const text = ((await connection.execute('select "fields"::text as "text" from "sync_records" where "record_id" = ? union all select "request"::text from "requests" where "id" = ?', [saved.body.data.id, saved.body.data.id])) as { text: string }[]).map((row) => row.text).join(' ');
      expect(text).not.toContain('rotate-SECRET-5151');
      return [...text.matchAll(/sealed:v1:([0-9a-f]{12}):/g)].map((match) => match[1]);
    };
    const readToken = async (token: string) => (await apiClient(server!.url).call<{ data: { request: { auth: { token: string } } } }>('GET', `/api/v1/requests/${saved.body.data.id}`, { token })).body.data.request.auth.token;
    expect(await sealedKeys()).toEqual([keyIdOf(Buffer.from(secrets.ENCRYPTION_KEY, 'base64')), keyIdOf(Buffer.from(secrets.ENCRYPTION_KEY, 'base64'))]);
    if (ownDatabase) {
      // On Postgres the server keeps running through a data-key rotation and reads the row after it.
      const rotated = cli(['keys', 'rotate']);
      expect(rotated.code, rotated.stderr).toBe(0);
      const report = JSON.parse(rotated.stdout) as { rotated: number; keyId: string };
      expect(report.rotated).toBeGreaterThanOrEqual(1);
      const row = await sealed();
      expect(row.keyId).toBe(report.keyId);
      expect(await server.app.services.secretBox.decrypt(row.ciphertext, row.keyId)).toBe('n8n_api_rotate_me_1234');
      expect((report as unknown as { sealedRows: number }).sealedRows).toBe(2);
      expect(await sealedKeys()).toEqual([report.keyId, report.keyId]);
      expect(await readToken(user.accessToken)).toBe('rotate-SECRET-5151');
    }
    await server.close();
    server = undefined;
    // Embedded, one process at a time: the CLI runs while the server is stopped.
    if (!ownDatabase) expect(cli(['keys', 'rotate']).code).toBe(0);

    const rotated = cli(['keys', 'rotate', '--master', '--new-key', newKey]);
    expect(rotated.code, rotated.stderr).toBe(0);
    const report = JSON.parse(rotated.stdout) as { rewrapped: number; newKey: string };
    expect(report.rewrapped).toBeGreaterThanOrEqual(1);
    expect(report.newKey).toBe(newKey);

    server = await boot({ ENCRYPTION_KEY: newKey, ENCRYPTION_KEYS_PREVIOUS: secrets.ENCRYPTION_KEY, JWT_SECRET: secrets.JWT_SECRET });
    const row = await sealed();
    expect(await server.app.services.secretBox.decrypt(row.ciphertext, row.keyId)).toBe('n8n_api_rotate_me_1234');
    // A master key alone (no previous) opens the data key it wraps: the old master is no longer needed.
    await server.close();
    server = await boot({ ENCRYPTION_KEY: newKey, JWT_SECRET: secrets.JWT_SECRET });
    expect(await server.app.services.secretBox.decrypt(row.ciphertext, row.keyId)).toBe('n8n_api_rotate_me_1234');
    const login = await apiClient(server.url).call<{ data: { accessToken: string } }>('POST', '/api/v1/auth/login', { body: { email: user.email, password: user.password } });
    expect(await readToken(login.body.data.accessToken)).toBe('rotate-SECRET-5151');
    expect(cli(['keys', 'rotate', '--master', '--new-key', 'short'])).toMatchObject({ code: 2 });
    expect(cli(['keys', 'rotate', '--new-key', newKey])).toMatchObject({ code: 2, stderr: expect.stringMatching(/goes with --master/) });
  });
});
