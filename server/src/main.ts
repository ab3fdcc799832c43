import { createServer, type Server } from 'node:http';
import { join, resolve } from 'node:path';
import { bootstrap, HTTP_SERVER_OPTIONS } from './app.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';

/**
 * Starts the server and prints what a newcomer needs: the URL, the stores in use, and where the
 * built extension is. Every start-up failure prints what went wrong and what to do, then exits 1.
 */
export async function main(env = process.env): Promise<Server> {
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) exitWith(`${error.message}\nFix the variables above (see the configuration table in README.md) and start again.`);
    throw error;
  }
  if (config.secrets.generatedAt) {
    console.log(`[ai-http] notice: generated ENCRYPTION_KEY and JWT_SECRET into ${join(config.dataDir, 'secrets.json')} (embedded mode). Set both variables in production.`);
  }

  const app = await bootstrap(config).catch((error: Error) =>
    exitWith(`could not open the ${config.database.kind === 'postgres' ? 'Postgres database at DATABASE_URL' : `embedded database in ${config.database.dir}`}: ${error.message}`),
  );
  const server = createServer(HTTP_SERVER_OPTIONS, app.koa.callback());
  app.attach(server);
  await new Promise<void>((resolveListen) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') exitWith(`port ${config.port} on ${config.host} is already in use. Stop the other process or choose another port, e.g. PORT=${config.port + 1} npm start.`);
      if (error.code === 'EACCES') exitWith(`not allowed to listen on port ${config.port}. Use a port above 1024, e.g. PORT=8787.`);
      exitWith(`could not listen on ${config.host}:${config.port}: ${error.message}`);
    });
    server.listen(config.port, config.host, resolveListen);
  });

  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const extensionDir = resolve(import.meta.dirname, '../../extension/.output');
  console.log(
    [
      `[ai-http] server listening on http://${config.host}:${port}`,
      `[ai-http] database: ${config.database.kind === 'postgres' ? 'Postgres (DATABASE_URL)' : `embedded PGlite in ${config.database.dir}`}`,
      `[ai-http] redis: ${config.redis.kind === 'redis' ? 'Redis (REDIS_URL)' : 'in-process stand-in (set REDIS_URL for Redis)'}`,
      `[ai-http] extension: load ${join(extensionDir, 'chrome-mv3')} in chrome://extensions (Developer mode > Load unpacked)`,
      `[ai-http]            or ${join(extensionDir, 'firefox-mv3', 'manifest.json')} in about:debugging (This Firefox > Load Temporary Add-on)`,
    ].join('\n'),
  );

  const shutdown = async () => {
    server.close();
    server.closeAllConnections();
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  return server;
}

function exitWith(message: string): never {
  console.error(`[ai-http] ERROR: ${message}`);
  process.exit(1);
}

if (import.meta.main) await main();
