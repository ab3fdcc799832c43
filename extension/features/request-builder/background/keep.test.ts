// The builder's history and saved requests in Dexie (fake-indexeddb here; the real IndexedDB
// upgrade is in tests/e2e/dexie-migration.e2e.ts).
import 'fake-indexeddb/auto';
import { HISTORY_BODY_LIMIT, HISTORY_LIMIT } from '@ai-http/shared/builder/stored';
import { createRequestSpec } from '@ai-http/shared/request/spec';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AiHttpDatabase } from '../../../background/db.ts';
import type { SentResponse } from '../protocol.ts';
import { BuilderKeep } from './keep.ts';

const request = createRequestSpec({ method: 'GET', url: 'https://api.example.com/things' });
const response = (text: string): SentResponse => ({ status: 200, statusText: 'OK', url: request.url, timeMs: 12, sizeBytes: text.length, headers: [], contentType: 'application/json', body: { kind: 'text', text }, truncated: false });

describe('builder keep', () => {
  let db: AiHttpDatabase;
  let keep: BuilderKeep;
  beforeEach(() => {
    db = new AiHttpDatabase(`keep-${crypto.randomUUID()}`);
    keep = new BuilderKeep(db);
  });
  afterEach(() => db.delete());

  it(`keeps the newest ${HISTORY_LIMIT} sends, with bodies up to ${HISTORY_BODY_LIMIT} bytes`, async () => {
    for (let i = 0; i < HISTORY_LIMIT + 5; i++) await keep.recordSend({ ...request, url: `https://api.example.com/${i}` }, { response: response('{"ok":true}') }, 1_000 + i);
    await keep.recordSend(request, { response: response('x'.repeat(HISTORY_BODY_LIMIT + 1)) }, 5_000);
    await keep.recordSend(request, { failure: { code: 'BAD_REQUEST', message: 'refused' }, timeMs: 3 }, 6_000);
    const history = await keep.history();
    expect(history).toHaveLength(HISTORY_LIMIT);
    expect(history[0]!.outcome).toMatchObject({ kind: 'failure', code: 'BAD_REQUEST' });
    expect(history[1]!.outcome).toMatchObject({ kind: 'response', status: 200, body: null, sizeBytes: HISTORY_BODY_LIMIT + 1 });
    expect(history[2]!.outcome).toMatchObject({ body: '{"ok":true}' });
    // The oldest seven went.
    expect(history.at(-1)!.request.url).toBe('https://api.example.com/7');
  });

  it('saves, updates and deletes with a tombstone, stamping updatedAt', async () => {
    const saved = await keep.save({ name: ' Things ', tags: ['a', 'a', ' b '], request, values: { id: '1' } }, 10);
    expect(saved).toMatchObject({ v: 2, kind: 'request', name: 'Things', tags: ['a', 'b'], updatedAt: 10, deletedAt: null });
    const updated = await keep.save({ id: saved.id, name: 'Things v2', tags: [], request, values: {} }, 20);
    expect(updated.id).toBe(saved.id);
    expect((await keep.saved()).map((row) => [row.name, row.updatedAt])).toEqual([['Things v2', 20]]);
    expect(await keep.delete(saved.id, 30)).toBe(true);
    expect(await keep.saved()).toEqual([]);
    expect(await db.savedRequests.get(saved.id)).toMatchObject({ deletedAt: 30, updatedAt: 30 });
    expect(await keep.delete('missing', 40)).toBe(false);
  });

  it('keeps user templates apart from saved requests, and reads rows stored before templates as requests', async () => {
    const template = await keep.save({ name: 'Create order', tags: [], request, values: {}, kind: 'template' }, 50);
    expect(template.kind).toBe('template');
    await db.savedRequests.put({ v: 1, id: 'old', updatedAt: 40, deletedAt: null, name: 'From v1', tags: [], request, values: {} } as never);
    expect((await keep.saved()).map((row) => [row.name, row.kind, row.v])).toEqual([
      ['Create order', 'template', 2],
      ['From v1', 'request', 2],
    ]);
  });

  it('refuses a save without a name', async () => {
    await expect(keep.save({ name: '  ', tags: [], request, values: {} })).rejects.toThrow();
  });
});
