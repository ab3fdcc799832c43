import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { blankRequest } from '../src/request/blank.ts';
import { HTTP_METHODS, createRequestSpec, requestSpec } from '../src/request/spec.ts';
import { versioned } from '../src/versioned.ts';

describe('RequestSpec', () => {
  it('fills defaults for a minimal request', () => {
    expect(createRequestSpec({ method: 'GET', url: 'https://api.example.com/users' })).toEqual({
      v: 1,
      method: 'GET',
      url: 'https://api.example.com/users',
      query: [],
      headers: [],
      body: { mode: 'none' },
      auth: { type: 'none' },
      options: {},
    });
  });

  it('builds the same blank request without zod as createRequestSpec does, for every method', () => {
    for (const method of HTTP_METHODS) expect(blankRequest(method, 'https://')).toEqual(createRequestSpec({ method, url: 'https://' }));
    // And it is a valid RequestSpec as it stands.
    expect(requestSpec.parse(blankRequest('POST', 'https://x.dev'))).toEqual(blankRequest('POST', 'https://x.dev'));
  });

  it('keeps repeated query keys in order', () => {
    const spec = createRequestSpec({ method: 'GET', url: 'https://x.dev/s', query: [{ name: 'tag', value: 'a' }, { name: 'tag', value: 'b' }] });
    expect(spec.query.map((p) => p.value)).toEqual(['a', 'b']);
  });

  it('rejects an unknown body mode, method or version with a path', () => {
    expect(requestSpec.safeParse({ v: 1, method: 'GET', url: 'x', body: { mode: 'soap' } }).success).toBe(false);
    expect(requestSpec.safeParse({ v: 1, method: 'PURGE', url: 'x' }).success).toBe(false);
    const future = requestSpec.safeParse({ v: 9, method: 'GET', url: 'x' });
    expect(future.success).toBe(false);
    if (!future.success) expect(future.error.issues[0]?.message).toContain('unknown version');
  });
});

describe('versioned schemas', () => {
  const v1 = z.object({ v: z.literal(1), name: z.string() });
  const v2 = z.object({ v: z.literal(2), first: z.string(), last: z.string() });
  const person = versioned('Person', [v1, v2], [(old: z.output<typeof v1>) => ({ v: 2, first: old.name.split(' ')[0], last: old.name.split(' ')[1] ?? '' })]);

  it('upgrades an old version through up()', () => {
    expect(person.parse({ v: 1, name: 'Ada Lovelace' })).toEqual({ v: 2, first: 'Ada', last: 'Lovelace' });
  });

  it('validates the latest version as is', () => {
    expect(person.parse({ v: 2, first: 'Grace', last: 'Hopper' })).toEqual({ v: 2, first: 'Grace', last: 'Hopper' });
    expect(person.safeParse({ v: 2, first: 'Grace' }).success).toBe(false);
  });

  it('insists on one up() per step', () => {
    expect(() => versioned('Broken', [v1, v2])).toThrow(/need 1 up\(\) steps/);
  });
});
