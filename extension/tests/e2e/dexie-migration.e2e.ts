// The extension's Dexie schema upgrades a database left by an older version, in the browser's own
// IndexedDB: the test writes a v1 database the way the first release did, then lets the real
// background open it.
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserKind, launchWithExtension, waitFor, type ExtensionBrowser } from './harness.ts';

const kind = browserKind();

/** Dexie stores version N as IndexedDB version N × 10. */
const DEXIE_V1 = 10;

describe(`the extension database in ${kind}`, () => {
  let ext: ExtensionBrowser;

  beforeAll(async () => {
    ext = await launchWithExtension(kind);
  }, 60_000);
  afterAll(() => ext?.close());

  it('upgrades a v1 database (instances only) to the current schema without losing an instance', async () => {
    const first = await ext.openExtensionPage('options.html', '[data-testid=instances]');
    // Replace whatever the background created with the first release's database.
    await first.evaluate(async (version) => {
      const done = (request: IDBRequest | IDBOpenDBRequest) =>
        new Promise<void>((resolve, reject) => {
          request.onsuccess = () => resolve();
          request.onerror = () => reject(request.error);
        });
      await done(indexedDB.deleteDatabase('ai-http'));
      const open = indexedDB.open('ai-http', version);
      open.onupgradeneeded = () => {
        const instances = open.result.createObjectStore('instances', { keyPath: 'origin' });
        // v1 kept the origin as typed (a trailing slash) and had no addedAt.
        instances.put({ origin: 'http://127.0.0.1:5999/', name: 'Old self-hosted', apiKey: 'n8n-key-from-v1' });
        instances.put({ origin: 'https://team.app.n8n.cloud', name: 'Cloud', apiKey: null });
      };
      await done(open);
      open.result.close();
    }, DEXIE_V1);
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
});

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
