// Rules of the house that a test enforces rather than a promise.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name.startsWith('.')) return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|mts|js|mjs)$/.test(name) ? [path] : [];
  });
}

const IMPORT = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g;

describe('workspace layout', () => {
  it('shared/ imports nothing from extension/ or server/', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles(join(ROOT, 'shared'))) {
      for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
        const specifier = match[1] ?? match[2] ?? match[3] ?? '';
        const target = specifier.startsWith('.') ? relative(ROOT, resolve(file, '..', specifier)) : specifier;
        if (/^(@ai-http\/(server|extension)|server\/|extension\/)/.test(target)) offenders.push(`${relative(ROOT, file)} -> ${specifier}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it("server/: db/ and infra/ import nothing from http/ or modules/ (the domain plugs into them, not the reverse)", () => {
    const offenders: string[] = [];
    for (const dir of ['server/src/db', 'server/src/infra']) {
      for (const file of sourceFiles(join(ROOT, dir))) {
        for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
          const specifier = match[1] ?? match[2] ?? match[3] ?? '';
          const target = specifier.startsWith('.') ? relative(join(ROOT, 'server/src'), resolve(file, '..', specifier)) : specifier;
          if (/^(http|modules)\//.test(target)) offenders.push(`${relative(ROOT, file)} -> ${specifier}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it('server/: SQL is written only in repositories and migrations', () => {
    // A query string handed to execute(), or SQL keywords at the start of a string literal.
    const RAW_SQL = /\.execute\(\s*[`'"]|[`'"]\s*(select|insert|update|delete)\s+("|\*|from|into)/i;
    const offenders = sourceFiles(join(ROOT, 'server/src'))
      .filter((file) => !/\/repository\.ts$|\/db\/migrations\//.test(file))
      .filter((file) => RAW_SQL.test(readFileSync(file, 'utf8')))
      .map((file) => relative(ROOT, file));
    expect(offenders).toEqual([]);
    expect(RAW_SQL.test(`await em.execute('select 1')`) && RAW_SQL.test('const q = `delete from "executions"`')).toBe(true);
  });

  it('the boundary check itself catches a forbidden import', () => {
    const sample = "import { x } from '../../server/src/app.ts';\nconst y = await import('@ai-http/extension');";
    const found = [...sample.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3]);
    expect(found).toEqual(['../../server/src/app.ts', '@ai-http/extension']);
  });

  it('every package compiles in strict mode', () => {
    const base = JSON.parse(readFileSync(join(ROOT, 'tsconfig.base.json'), 'utf8'));
    expect(base.compilerOptions.strict).toBe(true);
    for (const pkg of ['shared', 'server', 'extension']) {
      const config = JSON.parse(readFileSync(join(ROOT, pkg, 'tsconfig.json'), 'utf8'));
      expect(config.extends, `${pkg}/tsconfig.json`).toContain('tsconfig.base.json');
      expect(config.compilerOptions?.strict, `${pkg} must not turn strict off`).not.toBe(false);
    }
  });

  it('.ci/run calls exactly the README test command', () => {
    const ci = readFileSync(join(ROOT, '.ci/run'), 'utf8');
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain('npm test');
    expect(ci.split('\n').filter((line) => line.trim() && !line.startsWith('#') && !line.startsWith('set '))).toEqual(['npm test']);
  });
});
