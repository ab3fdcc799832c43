import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { AI_PROVIDERS, aiSettingsSchema, type AiSettings } from '@ai-http/shared/ai/providers';

// Empty variables count as unset, the way docker-compose and .env files usually mean them.
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

const commaList = z
  .string()
  .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
  .pipe(z.array(z.url({ message: 'must be a comma-separated list of origins such as https://n8n.example.com' })));

/**
 * A whole number of at least `min`. Its own messages: a schema-level message would also replace
 * the range check's ("RATE_LIMIT_PER_MINUTE=0: must be a number"). Empty is not a number: it is
 * refused, not read as 0 (`PORT=` used to listen on a random port).
 */
const wholeNumber = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z
    .string()
    .regex(/^\s*\d+\s*$/, { message: 'must be a number' })
    .transform(Number)
    .pipe(z.number().int().min(min, { message: `must be at least ${min}` }).max(max, { message: `must be at most ${max}` }));

const base64Key = z
  .string()
  .refine((v) => Buffer.from(v, 'base64').length === 32, { message: 'must be 32 bytes encoded as base64 (openssl rand -base64 32)' });

/** Every variable the server reads; exported for the self-host bundle's check (tests/self-host.test.ts). */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z
    .string()
    .regex(/^\s*\d+\s*$/, { message: 'must be a number' })
    .transform(Number)
    .pipe(z.number().max(65_535, { message: 'must be a port between 0 and 65535' }))
    .default(8787),
  DATABASE_URL: optional(z.url({ protocol: /^postgres(ql)?$/, message: 'must be a postgres:// URL' })),
  REDIS_URL: optional(z.url({ protocol: /^rediss?$/, message: 'must be a redis:// or rediss:// URL' })),
  REDIS_KEY_PREFIX: z.string().regex(/^[\w:.-]{1,64}$/, { message: 'must be 1-64 letters, digits or _ : . -' }).default('aihttp:'),
  AIHTTP_DATA_DIR: z.string().min(1).default('.data'),
  ENCRYPTION_KEY: optional(base64Key),
  /** Keys that encrypted stored n8n API keys before the last `ai-http keys rotate`, comma-separated. */
  ENCRYPTION_KEYS_PREVIOUS: optional(z.string().transform((v) => v.split(',').map((k) => k.trim()).filter(Boolean)).pipe(z.array(base64Key))),
  JWT_SECRET: optional(z.string().min(32, { message: 'must be at least 32 characters (openssl rand -base64 48)' })),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CORS_ORIGINS: optional(commaList),
  RATE_LIMIT_PER_MINUTE: wholeNumber(1).default(1200),
  REGISTER_LIMIT_PER_HOUR: wholeNumber(1).default(20),
  METRICS_TOKEN: optional(z.string().min(16, { message: 'must be at least 16 characters (openssl rand -base64 24)' })),
  POLLER_ENABLED: z.enum(['true', 'false'], { message: 'must be true or false' }).default('true'),
  EXECUTION_RETENTION_DAYS: wholeNumber(1).default(30),
  EXECUTION_RETENTION_COUNT: wholeNumber(1).default(500),
  /** How long a deleted synced record's tombstone is kept; a device offline for longer does a full pull. */
  SYNC_TOMBSTONE_RETENTION_DAYS: wholeNumber(1).default(90),
  ALLOW_PRIVATE_N8N: optional(z.enum(['true', 'false'], { message: 'must be true or false' })),
  /**
   * true: the server is reached only through a reverse proxy that sets X-Forwarded-Proto and
   * X-Forwarded-For (the Caddy of docker-compose.yml); they then say whether a client's connection
   * was TLS or came from the proxy's own machine, and the last X-Forwarded-For hop is the client
   * the rate limits count. Unset, those headers are ignored.
   */
  TRUST_PROXY: z.enum(['true', 'false'], { message: 'must be true or false' }).default('false'),
  /** true lets the server create the database DATABASE_URL names when it does not exist. */
  DATABASE_CREATE: optional(z.enum(['true', 'false'], { message: 'must be true or false' })),
  BODY_LIMIT_BYTES: wholeNumber(1024).default(256 * 1024),
  /** The model behind /api/v1/ai/* (shared/src/ai/providers.ts); unset: no AI, the clients search offline. */
  AI_PROVIDER: optional(z.enum(AI_PROVIDERS, { message: `must be one of ${AI_PROVIDERS.join(', ')}` })),
  AI_MODEL: optional(z.string().trim().min(1).max(200)),
  AI_BASE_URL: optional(z.url({ protocol: /^https?$/, message: 'must be an http(s) URL, such as http://localhost:11434/v1' })),
  AI_API_KEY: optional(z.string().min(1).max(500)),
  /** AI calls per user per minute. */
  AI_RATE_LIMIT_PER_MINUTE: wholeNumber(1).default(20),
  /** The longest one AI call may take, retries included. */
  AI_TIMEOUT_SECONDS: wholeNumber(1, 600).default(60),
  /** Manus (API v2) for "Research this API"; unset: the route says the server has no Manus key. */
  MANUS_API_KEY: optional(z.string().min(1).max(500)),
  MANUS_BASE_URL: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).default('https://api.manus.ai'),
  /**
   * The public URL of POST /api/v1/ai/research/webhook as registered in Manus (Manus signs the URL
   * it posts to); unset: the URL the request arrived at, right when no proxy rewrites it.
   */
  MANUS_WEBHOOK_URL: optional(z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' })),
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  env: Env['NODE_ENV'];
  host: string;
  port: number;
  dataDir: string;
  database: { kind: 'postgres'; url: string; create: boolean } | { kind: 'embedded'; dir: string };
  redis: { kind: 'redis'; url: string; keyPrefix: string } | { kind: 'memory' };
  secrets: { encryptionKey: Buffer; previousEncryptionKeys: Buffer[]; jwtSecret: string; generatedAt?: string | undefined };
  logLevel: Env['LOG_LEVEL'];
  corsOrigins: string[];
  rateLimitPerMinute: number;
  /** New accounts per client address per hour. */
  registerLimitPerHour: number;
  /** The bearer token /metrics wants; without one, /metrics is off in production. */
  metricsToken: string | undefined;
  bodyLimitBytes: number;
  poller: { enabled: boolean; retentionDays: number; retentionCount: number; tombstoneRetentionDays: number };
  /** May instance URLs reach loopback and private addresses (infra/outbound.ts)? */
  n8n: { allowPrivate: boolean };
  /** Believe X-Forwarded-Proto / X-Forwarded-For (TRUST_PROXY): see http/transport.ts. */
  trustProxy: boolean;
  /** The AI provider, or null when AI_PROVIDER is unset. The key stays here and in the provider client. */
  ai: { settings: AiSettings; timeoutMs: number } | null;
  /** Manus, when MANUS_API_KEY is set. */
  manus: { apiKey: string; baseUrl: string; webhookUrl: string | null } | null;
  /** AI calls (and research tasks) per user per minute. */
  aiPerMinute: number;
}

/** A configuration problem that names the variable and says why; main() prints it and exits 1. */
export class ConfigError extends Error {
  readonly problems: { variable: string; message: string }[];
  constructor(problems: { variable: string; message: string }[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p.variable}: ${p.message}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => ({ variable: String(issue.path[0] ?? '(env)'), message: issue.message })));
  }
  const env = parsed.data;
  const ai = aiConfig(env);
  const dataDir = resolve(env.AIHTTP_DATA_DIR);
  return {
    env: env.NODE_ENV,
    host: env.HOST,
    port: env.PORT,
    dataDir,
    database: env.DATABASE_URL ? { kind: 'postgres', url: env.DATABASE_URL, create: env.DATABASE_CREATE === 'true' } : { kind: 'embedded', dir: join(dataDir, 'pglite') },
    redis: env.REDIS_URL ? { kind: 'redis', url: env.REDIS_URL, keyPrefix: env.REDIS_KEY_PREFIX } : { kind: 'memory' },
    secrets: resolveSecrets(env, dataDir),
    logLevel: env.LOG_LEVEL,
    corsOrigins: env.CORS_ORIGINS ?? [],
    rateLimitPerMinute: env.RATE_LIMIT_PER_MINUTE,
    registerLimitPerHour: env.REGISTER_LIMIT_PER_HOUR,
    metricsToken: env.METRICS_TOKEN,
    bodyLimitBytes: env.BODY_LIMIT_BYTES,
    poller: { enabled: env.POLLER_ENABLED === 'true', retentionDays: env.EXECUTION_RETENTION_DAYS, retentionCount: env.EXECUTION_RETENTION_COUNT, tombstoneRetentionDays: env.SYNC_TOMBSTONE_RETENTION_DAYS },
    // The embedded store is the single-user mode, where n8n usually runs on the same machine.
    n8n: { allowPrivate: env.ALLOW_PRIVATE_N8N ? env.ALLOW_PRIVATE_N8N === 'true' : !env.DATABASE_URL },
    trustProxy: env.TRUST_PROXY === 'true',
    ai,
    aiPerMinute: env.AI_RATE_LIMIT_PER_MINUTE,
    manus: env.MANUS_API_KEY ? { apiKey: env.MANUS_API_KEY, baseUrl: env.MANUS_BASE_URL.replace(/\/$/, ''), webhookUrl: env.MANUS_WEBHOOK_URL ?? null } : null,
  };
}

function aiConfig(env: Env): Config['ai'] {
  if (!env.AI_PROVIDER) return null;
  const parsed = aiSettingsSchema.safeParse({ provider: env.AI_PROVIDER, model: env.AI_MODEL, baseUrl: env.AI_BASE_URL, apiKey: env.AI_API_KEY });
  if (!parsed.success) {
    const variable = (path: PropertyKey | undefined) => ({ model: 'AI_MODEL', baseUrl: 'AI_BASE_URL', apiKey: 'AI_API_KEY' })[String(path) as 'model'] ?? 'AI_PROVIDER';
    throw new ConfigError(parsed.error.issues.map((issue) => ({ variable: variable(issue.path[0]), message: issue.path[0] === 'model' ? `is needed with AI_PROVIDER=${env.AI_PROVIDER}` : issue.message })));
  }
  return { settings: parsed.data, timeoutMs: env.AI_TIMEOUT_SECONDS * 1000 };
}

/**
 * Production must be given its secrets. Elsewhere a missing secret is generated once into the
 * data folder (mode 0600) so that `npm start` works on a bare machine and restarts keep tokens
 * and encrypted n8n keys readable.
 */
function resolveSecrets(env: Env, dataDir: string): Config['secrets'] {
  const previous = (env.ENCRYPTION_KEYS_PREVIOUS ?? []).map((k) => Buffer.from(k, 'base64'));
  if (env.ENCRYPTION_KEY && env.JWT_SECRET) {
    return { encryptionKey: Buffer.from(env.ENCRYPTION_KEY, 'base64'), previousEncryptionKeys: previous, jwtSecret: env.JWT_SECRET };
  }
  if (env.NODE_ENV === 'production') {
    const missing = (['ENCRYPTION_KEY', 'JWT_SECRET'] as const).filter((name) => !env[name]);
    throw new ConfigError(missing.map((variable) => ({ variable, message: 'is required when NODE_ENV=production' })));
  }
  const file = join(dataDir, 'secrets.json');
  let stored: { encryptionKey: string; previousEncryptionKeys?: string[]; jwtSecret: string; generatedAt: string };
  let generatedAt: string | undefined;
  if (existsSync(file)) {
    stored = JSON.parse(readFileSync(file, 'utf8'));
  } else {
    generatedAt = new Date().toISOString();
    stored = { encryptionKey: randomBytes(32).toString('base64'), jwtSecret: randomBytes(48).toString('base64url'), generatedAt };
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return {
    encryptionKey: env.ENCRYPTION_KEY ? Buffer.from(env.ENCRYPTION_KEY, 'base64') : Buffer.from(stored.encryptionKey, 'base64'),
    previousEncryptionKeys: [...previous, ...(stored.previousEncryptionKeys ?? []).map((k) => Buffer.from(k, 'base64'))],
    jwtSecret: env.JWT_SECRET ?? stored.jwtSecret,
    generatedAt,
  };
}
