import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect, createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { afterAll, beforeAll, inject } from 'vitest';
import { bootstrap, HTTP_SERVER_OPTIONS, type App } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';

/** The environment a test server gets for this project's store (real Postgres+Redis, or embedded). */
export function storeEnv(dataDir: string): NodeJS.ProcessEnv {
  const store = inject('store');
  // Pollers are off unless a test turns them on: test servers share one database per project.
  // The n8n under test runs on loopback: tests of the address policy turn ALLOW_PRIVATE_N8N off.
  // Every test signs up from 127.0.0.1: the register limit's own test lowers it again.
  const env: NodeJS.ProcessEnv = { NODE_ENV: 'test', AIHTTP_DATA_DIR: dataDir, LOG_LEVEL: 'silent', PORT: '0', POLLER_ENABLED: 'false', ALLOW_PRIVATE_N8N: 'true', REGISTER_LIMIT_PER_HOUR: '1000000' };
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
export async function startTestServer(extraEnv: NodeJS.ProcessEnv = {}, { logger }: { logger?: Logger } = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ai-http-server-test-'));
  // Each server gets its own Redis namespace inside the run's, so rate-limit counters and caches
  // of parallel tests never meet.
  const base = storeEnv(dataDir);
  if (base.REDIS_KEY_PREFIX) base.REDIS_KEY_PREFIX = `${base.REDIS_KEY_PREFIX}s${randomUUID().slice(0, 8)}:`;
  const config = loadConfig({ ...base, ...extraEnv });
  const app = await bootstrap(config, { logger: logger ?? pino({ level: process.env.AIHTTP_TEST_LOG ?? 'silent' }) });
  // Idle connections outlive the client's (undici keeps them 4 s): with Node's 5 s, a request sent
  // after a few seconds of database work in the test could go out on a socket the server was
  // closing, and fail with ECONNRESET (seen on the slower embedded store under load).
  const server = createServer({ ...HTTP_SERVER_OPTIONS, keepAliveTimeout: 60_000 }, app.koa.callback());
  app.attach(server);
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

/** A test server for the whole suite (started before its tests, closed after), with a client for it. */
export function suiteServer(extraEnv: NodeJS.ProcessEnv = {}, options: { logger?: Logger } = {}): { readonly server: TestServer; readonly api: ApiClient } {
  const suite = {} as { server: TestServer; api: ApiClient };
  beforeAll(async () => {
    suite.server = await startTestServer(extraEnv, options);
    suite.api = apiClient(suite.server.url);
  });
  afterAll(() => suite.server?.close());
  return suite;
}

export interface ApiClient {
  call<T = unknown>(method: string, path: string, init?: { body?: unknown; token?: string; headers?: Record<string, string> }): Promise<{ status: number; body: T; headers: Headers }>;
}

/** A tiny JSON client for the API under test. */
export function apiClient(url: string): ApiClient {
  return {
    async call(method, path, { body, token, headers = {} } = {}) {
      const res = await fetch(`${url}${path}`, {
        method,
        headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : undefined) as never, headers: res.headers };
    },
  };
}

let accounts = 0;
/** Registers a fresh user and returns its session. */
export async function signUp(api: ApiClient, name = 'user'): Promise<{ id: string; email: string; password: string; accessToken: string; refreshToken: string }> {
  const email = `${name}-${Date.now().toString(36)}-${++accounts}-${Math.random().toString(36).slice(2, 6)}@example.com`;
  const password = `pw-${Math.random().toString(36).slice(2)}-Long!`;
  const { status, body } = await api.call<{ data: { user: { id: string }; accessToken: string; refreshToken: string } }>('POST', '/api/v1/auth/register', { body: { email, password, name } });
  if (status !== 201) throw new Error(`register answered ${status}: ${JSON.stringify(body)}`);
  return { id: body.data.user.id, email, password, accessToken: body.data.accessToken, refreshToken: body.data.refreshToken };
}

/** A logger at trace level whose lines are kept in `lines`, to check what reaches the log. */
export function capturedLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: pino({ level: 'trace' }, sink), lines };
}

/** A TCP relay to a store (Postgres, Redis) that a test can cut (connections dropped, new ones refused) and restore, on the same port. */
export class TcpRelay {
  private server: TcpServer | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly target: { host: string; port: number };
  private readonly delayMs: number;
  port = 0;
  /** `delayMs` holds back what the target sends (a slow network to it), in order. */
  constructor(target: { host: string; port: number }, { delayMs = 0 }: { delayMs?: number } = {}) {
    this.target = target;
    this.delayMs = delayMs;
  }

  async open(): Promise<void> {
    this.server = createTcpServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      client.pipe(upstream);
      if (this.delayMs === 0) upstream.pipe(client);
      else upstream.on('data', (chunk: Buffer) => setTimeout(() => client.writable && client.write(chunk), this.delayMs));
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
  }

  async cut(): Promise<void> {
    const closed = new Promise((resolve) => this.server?.close(resolve));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }
}
