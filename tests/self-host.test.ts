// The self-host bundle (Dockerfile, docker-compose.yml, deploy/Caddyfile, .env.example) cannot be
// built or started where the tests run: there is no Docker daemon. So it is checked statically,
// against the server itself: the variables the compose file sets go through the server's own
// config schema, the ports and health paths are the server's, and the image runs what `npm start`
// and the server tests run.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, envSchema, loadConfig } from '../server/src/config.ts';

const ROOT = resolve(import.meta.dirname, '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
// `yaml` is a dependency of shared/; the repo root has no dependencies of its own to resolve it from.
const YAML = createRequire(join(ROOT, 'shared/package.json'))('yaml') as { parse(text: string): unknown };

interface Service {
  image?: string;
  build?: unknown;
  environment?: Record<string, string | number | boolean>;
  healthcheck?: { test: string[] };
  volumes?: string[];
  ports?: string[];
  deploy?: { replicas?: number };
  depends_on?: Record<string, { condition: string }>;
}
const compose = YAML.parse(read('docker-compose.yml')) as { services: Record<string, Service>; volumes: Record<string, unknown> };
const dockerfile = read('Dockerfile');
const caddyfile = read('deploy/Caddyfile');
const server = compose.services.server!;

/** KEY=value lines of an env file (comments and blank lines skipped). */
function parseEnvFile(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split('\n')
      .filter((line) => /^[A-Z][A-Z0-9_]*=/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

const REFERENCE = /\$\$|\$\{([A-Z][A-Z0-9_]*)(?:(:?[-?])([^}]*))?\}/g;

/** docker compose's interpolation: ${X}, ${X:-default}, ${X-default}, ${X:?error}, ${X?error}, $$. */
function interpolate(value: string, vars: Record<string, string>): string {
  return value.replace(REFERENCE, (match, name: string | undefined, op: string | undefined, arg: string | undefined) => {
    if (match === '$$') return '$';
    const set = vars[name!];
    const empty = set === undefined || set === '';
    if (op === ':-') return empty ? arg! : set;
    if (op === '-') return set === undefined ? arg! : set;
    if ((op === ':?' && empty) || (op === '?' && set === undefined)) throw new Error(`${name}: ${arg}`);
    return set ?? '';
  });
}

/** The Dockerfile's ENV (one instruction, continued over lines). */
const imageEnv: Record<string, string> = Object.fromEntries([...dockerfile.matchAll(/^(?:ENV\s+|\s+)([A-Z_]+)=(\S+?)(?:\s+\\)?$/gm)].map((m) => [m[1]!, m[2]!]));

/** The server container's environment as compose would pass it, with the Dockerfile's ENV under it. */
function serverEnvironment(vars: Record<string, string>): Record<string, string> {
  const fromCompose = Object.entries(server.environment ?? {}).map(([key, value]) => [key, interpolate(String(value), vars)]);
  return { ...imageEnv, ...Object.fromEntries(fromCompose) };
}

const example = parseEnvFile(read('.env.example'));
/** .env.example with the required secrets filled in, as an operator would. */
const filledIn = { ...example, POSTGRES_PASSWORD: 'pg-secret', ENCRYPTION_KEY: randomBytes(32).toString('base64'), JWT_SECRET: randomBytes(48).toString('base64') };

describe('docker-compose.yml and the server', () => {
  it('sets only variables the server config schema knows, and every one of them somewhere (compose or the image)', () => {
    const known = Object.keys(envSchema.shape).sort();
    const set = Object.keys(server.environment ?? {});
    expect(set.filter((name) => !known.includes(name))).toEqual([]);
    expect(known.filter((name) => !(name in serverEnvironment(filledIn)))).toEqual([]);
  });

  it('gives a configuration the server accepts for production on Postgres and Redis', () => {
    const env = serverEnvironment(filledIn);
    const config = loadConfig(env);
    expect(config).toMatchObject({ env: 'production', host: '0.0.0.0', port: 8787, redis: { kind: 'redis', url: 'redis://redis:6379', keyPrefix: 'aihttp:' } });
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://aihttp:pg-secret@postgres:5432/aihttp', create: false });
    expect(config.secrets.generatedAt).toBeUndefined();
  });

  it('refuses to start without the secrets .env must supply, and the server refuses a bad value by name', () => {
    for (const required of ['POSTGRES_PASSWORD', 'ENCRYPTION_KEY', 'JWT_SECRET']) {
      expect(() => serverEnvironment({ ...filledIn, [required]: '' }), required).toThrow(new RegExp(`^${required}: set ${required} in .env`));
    }
    const badRate = serverEnvironment({ ...filledIn, RATE_LIMIT_PER_MINUTE: 'lots' });
    expect(() => loadConfig(badRate)).toThrow(ConfigError);
    expect(() => loadConfig(badRate)).toThrow(/RATE_LIMIT_PER_MINUTE: must be a number/);
  });

  it('lists in .env.example exactly the variables the compose file reads', () => {
    const referenced = new Set([...read('docker-compose.yml').matchAll(REFERENCE)].map((m) => m[1]).filter(Boolean));
    expect(Object.keys(example).sort()).toEqual([...referenced].sort());
  });

  it('runs two server replicas behind the proxy, on the server port, with health checks on /readyz', () => {
    const defaultPort = envSchema.shape.PORT.parse(undefined);
    expect(server.deploy?.replicas).toBe(2);
    expect(server.environment?.PORT).toBe(defaultPort);
    expect(dockerfile).toMatch(new RegExp(`^EXPOSE ${defaultPort}$`, 'm'));
    expect(imageEnv).toMatchObject({ PORT: String(defaultPort), HOST: '0.0.0.0', NODE_ENV: 'production' });
    // The proxy reaches every replica by the service's name, on that port.
    expect(caddyfile).toMatch(new RegExp(`dynamic a \\{\\s*name server\\s*port ${defaultPort}\\s`));
    expect(server.ports).toBeUndefined();
    expect(server.healthcheck?.test.join(' ')).toContain(`http://127.0.0.1:${defaultPort}/readyz`);
    expect(dockerfile).toMatch(/HEALTHCHECK[^\n]*\n[^\n]*\/readyz/);
    // The path the checks call is one the server serves.
    const healthRoutes = read('server/src/modules/health/routes.ts');
    expect(healthRoutes).toContain("router.get('/readyz'");
    expect(compose.services.proxy?.depends_on?.server?.condition).toBe('service_healthy');
  });

  it('builds an image that runs the server as npm start and the server tests do', () => {
    const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(dockerfile)![1]!) as string[];
    expect(cmd).toEqual(['node', 'server/src/main.ts']);
    expect(read('scripts/start.mjs')).toMatch(/await import\('\.\.\/server\/src\/main\.ts'\)[\s\S]*await main\(\)/);
    expect(read('tests/support/server-process.ts')).toContain("'../../server/src/main.ts'");
    expect(read('server/src/main.ts')).toContain('if (import.meta.main) await main();');
    // Multi-stage, Node 24, pnpm fetch then an offline install, and not root at run time.
    const stages = [...dockerfile.matchAll(/^FROM (\S+)(?: AS (\S+))?$/gm)];
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/^ARG NODE_VERSION=24\./m);
    expect(dockerfile).toMatch(/pnpm fetch --prod/);
    expect(dockerfile).toMatch(/pnpm install --offline --frozen-lockfile --prod/);
    const runtime = dockerfile.slice(stages.at(-1)!.index);
    expect(runtime).toMatch(/^USER (?!root)\w+$/m);
    expect(compose.services.server?.build).toBe('.');
    // The admin commands README's "Self-host" runs inside the container.
    expect(dockerfile).toMatch(/^COPY scripts\/ai-http\.mjs scripts\/$/m);
    expect(dockerfile).toMatch(/^COPY scripts\/lib\/toolchain\.mjs scripts\/lib\/$/m);
    expect(read('scripts/ai-http.mjs')).toContain("import('../server/src/cli/main.ts')");
  });

  it('gives every service a health check and keeps data in named volumes', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      expect(service.healthcheck?.test.length, `${name} has a healthcheck`).toBeGreaterThan(1);
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0]!;
        if (source.startsWith('./')) expect(volume, 'bind mounts are read-only configuration').toMatch(/:ro$/);
        else expect(Object.keys(compose.volumes), `${name} mounts the named volume ${source}`).toContain(source);
      }
    }
    for (const stateful of ['postgres', 'redis', 'n8n', 'proxy']) expect(compose.services[stateful]?.volumes?.length, stateful).toBeGreaterThan(0);
  });

  it('runs the n8n version the extension is tested against', () => {
    expect(compose.services.n8n?.image).toMatch(/\/n8n:2\.40\.7$/);
    expect(read('scripts/lib/n8n.mjs')).toContain('2.40.7');
    expect(caddyfile).toContain('reverse_proxy n8n:5678');
    expect(compose.services.n8n?.healthcheck?.test.join(' ')).toContain('http://127.0.0.1:5678/healthz');
  });
});
