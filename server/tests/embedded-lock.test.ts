// One process at a time on an embedded database: the CLI run next to a live server is refused with
// the server's pid (it used to rewrite the live PGlite files and report success while the server
// kept the old rows), works once the server is gone, and a lock left by a killed process is taken over.
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestServer, storeEnv } from './helpers.ts';

const CLI = resolve(import.meta.dirname, '../../scripts/ai-http.mjs');

describe('the embedded data folder lock', () => {
  it('refuses a second process while the server runs, and takes over a stale lock', async () => {
    // The embedded store in both projects.
    const server = await startTestServer({ DATABASE_URL: '', REDIS_URL: '' });
    const { dataDir, database } = server.app.services.config;
    if (database.kind !== 'embedded') throw new Error('this server should run on the embedded store');
    const env = { ...process.env, ...storeEnv(dataDir), DATABASE_URL: '', REDIS_URL: '', LOG_LEVEL: 'warn' };
    const migrate = () => spawnSync(process.execPath, [CLI, 'migrate'], { encoding: 'utf8', env, timeout: 120_000 });
    try {
      const refused = migrate();
      expect(refused.status).not.toBe(0);
      expect(refused.stderr).toContain(`in use by pid ${process.pid}`);
      // The server gone (its data folder kept), the same folder is free.
      server.server.closeAllConnections();
      await new Promise((done) => server.server.close(done));
      await server.app.close();
      const free = migrate();
      expect(free.status, free.stderr).toBe(0);
      // A lock left by a process that no longer runs (kill -9): a pid that cannot be alive.
      writeFileSync(`${database.dir}.lock`, '2147483646');
      const stale = migrate();
      expect(stale.status, stale.stderr).toBe(0);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
