// The background's message handlers, reached the way pages reach them (typed messages through
// WXT's fakeBrowser). IndexedDB is fake-indexeddb here; the real one is tested in e2e.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { sendMessage } from '../common/messages.ts';
import { registerAccountHandlers } from './account.ts';
import { AiHttpDatabase, keptDigests, rememberDigest } from './db.ts';
import { registerInstanceHandlers } from './instances.ts';
import { ServerStream } from './server/stream.ts';
import { summarizeExecution } from '@ai-http/shared/n8n/digest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const fixture = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../shared/tests/fixtures/executions/http-404.json'), 'utf8'));

describe('background handlers', () => {
  let db: AiHttpDatabase;
  let unregister: (() => void)[];

  beforeEach(() => {
    fakeBrowser.reset();
    db = new AiHttpDatabase(`handlers-${crypto.randomUUID()}`);
    const stream = new ServerStream({ loadSession: () => db.session(), saveSession: (session) => db.saveSession(session) });
    unregister = [registerInstanceHandlers(db, stream), registerAccountHandlers(db, stream)];
  });
  afterEach(() => {
    unregister.forEach((remove) => remove());
    db.close();
  });

  it('adds an n8n instance without a key (the session is used), normalised, and lists it without secrets', async () => {
    const saved = await sendMessage('saveInstance', { url: 'http://localhost:5678/', name: '', apiKey: null });
    expect(saved).toEqual({ ok: true, value: { origin: 'http://localhost:5678', syncedToServer: false } });
    expect(await sendMessage('listInstances', undefined)).toEqual({ ok: true, value: [{ origin: 'http://localhost:5678', name: 'localhost:5678', hasApiKey: false }] });
  });

  it('refuses an address that is not http(s), as a result the page can show', async () => {
    const refused = await sendMessage('saveInstance', { url: 'ftp://n8n.example.com', name: 'x', apiKey: null });
    expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', message: expect.stringMatching(/http:\/\/ or https:\/\//) } });
    expect(await db.instances.count()).toBe(0);
  });

  it('says when an API key cannot be checked because n8n does not answer, and keeps nothing', async () => {
    const refused = await sendMessage('saveInstance', { url: 'http://127.0.0.1:9', name: 'x', apiKey: 'n8n_api_0123456789' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'N8N_UNREACHABLE' } });
    expect(await db.instances.count()).toBe(0);
  });

  it('removing an instance forgets the digests kept for it', async () => {
    await sendMessage('saveInstance', { url: 'http://n8n.invalid', name: 'n8n', apiKey: null });
    await rememberDigest(db, 'http://n8n.invalid', summarizeExecution(fixture));
    expect(await keptDigests(db, 'http://n8n.invalid', summarizeExecution(fixture).workflowId)).toHaveLength(1);
    expect(await sendMessage('removeInstance', { origin: 'http://n8n.invalid' })).toEqual({ ok: true, value: { removed: true } });
    expect(await keptDigests(db, 'http://n8n.invalid', summarizeExecution(fixture).workflowId)).toHaveLength(0);
  });

  it('has no account until one is connected, and reports a server that does not answer', async () => {
    expect(await sendMessage('account', undefined)).toEqual({ ok: true, value: null });
    expect(await sendMessage('connectAccount', { serverUrl: 'not a url', email: 'a@b.test', password: 'x' })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(await sendMessage('connectAccount', { serverUrl: 'http://127.0.0.1:9', email: 'a@b.test', password: 'x' })).toMatchObject({ ok: false, error: { code: 'SERVER_UNREACHABLE' } });
    expect(await db.session()).toBeNull();
  });
});
