// @vitest-environment node
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SOURCE_PATCHES, stripUnsafeCode } from './strip-unsafe-code.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const ZOD_UTIL = '/repo/node_modules/zod/v4/core/util.js';

/** The plugin's transform hook, called the way vite calls it (this.error throws). */
function transform(code: string, id: string): unknown {
  const hook = stripUnsafeCode().transform;
  if (typeof hook !== 'function') throw new Error('expected a plain transform hook');
  const context = { error: (message: string): never => { throw new Error(message); } };
  return hook.call(context as never, code, id);
}

describe('stripUnsafeCode', () => {
  it('replaces what a patch names in the library it names, and leaves other modules alone', () => {
    const probe = 'try {\n        const F = Function;\n        new F("");\n        return true;\n    }\n    catch (_) {\n        return false;\n    }';
    expect(transform(`const allowsEval = cached(() => { ${probe} });`, ZOD_UTIL)).toEqual({ code: 'const allowsEval = cached(() => { return false; });', map: null });
    expect(transform(probe, '/repo/shared/src/api.ts')).toBeNull();
  });

  it('fails the build when a library no longer has the code a patch replaces', () => {
    expect(() => transform('export const allowsEval = () => true;', ZOD_UTIL)).toThrow(/no longer has the code this patch replaces/);
  });

  it('names a reason for every patch', () => {
    for (const patch of SOURCE_PATCHES) expect(patch.why.length).toBeGreaterThan(20);
  });

  it('removes only what the extension never uses: its sources set no dangerouslySetInnerHTML', () => {
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (name === 'node_modules' || name.startsWith('.')) continue;
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.(ts|tsx)$/.test(name) && /dangerouslySetInnerHTML\s*[=:]/.test(readFileSync(path, 'utf8'))) offenders.push(path);
      }
    };
    walk(join(ROOT, 'extension'));
    walk(join(ROOT, 'shared/src'));
    expect(offenders).toEqual([]);
  });
});
