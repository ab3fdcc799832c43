import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { inject } from 'vitest';
import { bootstrap, type App } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';

/** The environment a test server gets for this project's store (real Postgres+Redis, or embedded). */
export function storeEnv(dataDir: string): NodeJS.ProcessEnv {
  const store = inject('store');
  const env: NodeJS.ProcessEnv = { NODE_ENV: 'test', AIHTTP_DATA_DIR: dataDir, LOG_LEVEL: 'silent', PORT: '0' };
  if (store.kind === 'postgres') Object.assign(env, { DATABASE_URL: store.databaseUrl, REDIS_URL: store.redisUrl, REDIS_KEY_PREFIX: store.redisKeyPrefix });
  return env;
}

export interface TestServer {
  url: string;
  app: App;
  server: Server;
  close(): Promise<void>;
}

/** Boots the real app on a random loopback port. */
export async function startTestServer(extraEnv: NodeJS.ProcessEnv = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ai-http-server-test-'));
  const config = loadConfig({ ...storeEnv(dataDir), ...extraEnv });
  const app = await bootstrap(config, { logger: pino({ level: 'silent' }) });
  const server = createServer(app.koa.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    server,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
