// The extension's Dexie schema upgrades a database left by an older version, in the browser's own
// IndexedDB: the test writes a v1 database the way the first release did, then lets the real
// background open it.
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserKind, launchWithExtension, waitFor, type ExtensionBrowser } from './harness.ts';

const kind = browserKind();

/** Dexie stores version N as IndexedDB version N × 10. */
const DEXIE_V1 = 10;
const DEXIE_V5 = 50;

describe(`the extension database in ${kind}`, () => {
  let ext: ExtensionBrowser;

  beforeAll(async () => {
    ext = await launchWithExtension(kind);
  }, 60_000);
  afterAll(() => ext?.close());

  it('upgrades a v1 database (instances only) to the current schema without losing an instance', async () => {
    const first = await ext.openExtensionPage('options.html', '[data-testid=instances]');
    // Replace whatever the background created with the first release's database.
    await writeOldDatabase(first, DEXIE_V1, [
      {
        name: 'instances',
        keyPath: 'origin',
        // v1 kept the origin as typed (a trailing slash) and had no addedAt.
        rows: [
          { origin: 'http://127.0.0.1:5999/', name: 'Old self-hosted', apiKey: 'n8n-key-from-v1' },
          { origin: 'https://team.app.n8n.cloud', name: 'Cloud', apiKey: null },
        ],
      },
    ]);
    await first.close();

    // The options page asks the background for the instances: the background opens and upgrades.
    const options = await ext.openExtensionPage('options.html', '[data-testid=instances]');
    const listed = await waitFor('the upgraded instances', () =>
      options.$$eval('[data-testid=instances] li', (items) => items.map((li) => `${li.getAttribute('data-origin')} ${li.textContent}`)).then((rows) => (rows.length === 2 ? rows : null)),
    );
    expect(listed.sort()).toEqual([expect.stringMatching(/^http:\/\/127\.0\.0\.1:5999 Old self-hosted .*API key/), expect.stringMatching(/^https:\/\/team\.app\.n8n\.cloud Cloud /)]);

    const stored = await rawDatabase(options);
    expect(stored.version).toBe(60);
    expect(stored.stores).toEqual(['account', 'executions', 'history', 'instances', 'savedRequests', 'syncLocalOnly', 'syncMeta', 'syncOutbox', 'syncRecords']);
    expect(stored.instances.map((i) => i.origin).sort()).toEqual(['http://127.0.0.1:5999', 'https://team.app.n8n.cloud']);
    for (const instance of stored.instances) expect(instance.addedAt).toBeGreaterThan(Date.parse('2026-01-01'));
    expect(stored.instances.find((i) => i.name === 'Old self-hosted')?.apiKey).toBe('n8n-key-from-v1');
  });

  it("upgrades a v5 database (the server's copies in syncRecords) to v6: a saved request's copy moves into its row, a local-only one's stays", async () => {
    const first = await ext.openExtensionPage('options.html', '[data-testid=instances]');
    const row = (id: string, name: string) => ({ v: 2, id, updatedAt: 1, deletedAt: null, name, tags: [], request: { v: 1, method: 'GET', url: 'https://api.example.test/' }, values: {}, kind: 'request' });
    const copy = (id: string, name: string, seq: number) => ({ entity: 'savedRequest', id, v: 2, fields: { kind: 'request', name, tags: [], request: { v: 1, method: 'GET', url: 'https://api.example.test/' }, values: {} }, clocks: {}, created: '1:0:a', deleted: null, seq });
    // The stores and indexes Dexie v5 made (extension/background/db.ts).
    await writeOldDatabase(first, DEXIE_V5, [
      { name: 'instances', keyPath: 'origin' },
      { name: 'executions', keyPath: ['origin', 'id'], indexes: [['[origin+workflowId]', ['origin', 'workflowId']], ['savedAt', 'savedAt']] },
      { name: 'account', keyPath: 'key' },
      { name: 'savedRequests', keyPath: 'id', indexes: [['updatedAt', 'updatedAt']], rows: [row('synced', 'Synced'), row('local', 'Kept here')] },
      { name: 'history', keyPath: 'id', indexes: [['sentAt', 'sentAt']] },
      { name: 'syncMeta', keyPath: 'key' },
      { name: 'syncRecords', keyPath: ['entity', 'id'], rows: [copy('synced', 'Synced', 7), copy('local', 'Kept here', 8), copy('tombstone', 'Deleted', 9)] },
      { name: 'syncOutbox', keyPath: 'mid' },
      { name: 'syncLocalOnly', keyPath: 'key', rows: [{ key: 'savedRequest/local' }] },
    ]);
    await first.close();

    // The options page's sync section asks the background: it opens and upgrades the database.
    const options = await ext.openExtensionPage('options.html', '[data-testid=instances]');
    const stored = await waitFor('the upgraded database', () => rawSync(options).then((raw) => (raw.version === DEXIE_V5 + 10 ? raw : null)));
    expect(stored.rows).toEqual([
      { id: 'local', synced: null },
      { id: 'synced', synced: 7 },
    ]);
    expect(stored.records).toEqual(['local', 'tombstone']);
  });
});

interface OldStore {
  name: string;
  keyPath: string | string[];
  indexes?: [string, string | string[]][];
  rows?: unknown[];
}

/** Replaces the extension's database with one an older version left, written without Dexie. */
function writeOldDatabase(page: Page, version: number, stores: OldStore[]): Promise<void> {
  return page.evaluate(
    async ({ version, stores }) => {
      const done = (request: IDBRequest | IDBOpenDBRequest) =>
        new Promise<void>((resolve, reject) => {
          request.onsuccess = () => resolve();
          request.onerror = () => reject(request.error);
        });
      await done(indexedDB.deleteDatabase('ai-http'));
      const open = indexedDB.open('ai-http', version);
      open.onupgradeneeded = () => {
        for (const store of stores) {
          const created = open.result.createObjectStore(store.name, { keyPath: store.keyPath });
          for (const [name, keyPath] of store.indexes ?? []) created.createIndex(name, keyPath);
          for (const row of store.rows ?? []) created.put(row);
        }
      };
      await done(open);
      open.result.close();
    },
    { version, stores },
  );
}

interface RawDatabase {
  version: number;
  stores: string[];
  instances: { origin: string; name: string; apiKey: string | null; addedAt: number }[];
}

/** Reads the database as it is on disk, without Dexie. */
function rawDatabase(page: Page): Promise<RawDatabase> {
  return page.evaluate(
    () =>
      new Promise<RawDatabase>((resolve, reject) => {
        const open = indexedDB.open('ai-http');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const read = db.transaction('instances').objectStore('instances').getAll();
          read.onerror = () => reject(read.error);
          read.onsuccess = () => {
            resolve({ version: db.version, stores: [...db.objectStoreNames].sort(), instances: read.result });
            db.close();
          };
        };
      }),
  );
}

/** The saved requests (id, the seq of the copy each carries) and the ids in syncRecords, as on disk, once the database is at a version above v5. */
function rawSync(page: Page): Promise<{ version: number; rows: { id: string; synced: number | null }[]; records: string[] }> {
  return page.evaluate(
    () =>
      new Promise<{ version: number; rows: { id: string; synced: number | null }[]; records: string[] }>((resolve, reject) => {
        const open = indexedDB.open('ai-http');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (db.version <= 50) {
            db.close();
            resolve({ version: db.version, rows: [], records: [] });
            return;
          }
          const tx = db.transaction(['savedRequests', 'syncRecords']);
          const rows = tx.objectStore('savedRequests').getAll();
          const records = tx.objectStore('syncRecords').getAll();
          tx.onerror = () => reject(tx.error);
          tx.oncomplete = () => {
            resolve({
              version: db.version,
              rows: (rows.result as { id: string; synced?: { seq: number } }[]).map((row) => ({ id: row.id, synced: row.synced?.seq ?? null })),
              records: (records.result as { id: string }[]).map((record) => record.id),
            });
            db.close();
          };
        };
      }),
  );
}
