// @vitest-environment node
// An n8n API key leaves the extension for the AI-HTTP server only over https or to this machine
// (issue 17). Node's fetch here: the real n8n under test checks the key first, as it does in use.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { n8nUnderTest } from '../../tests/support/n8n.ts';
import { sendMessage } from '../common/messages.ts';
import { AiHttpDatabase } from './db.ts';
import { carriesSecrets, registerInstanceHandlers } from './instances.ts';
import { ServerStream } from './server/stream.ts';

describe('an n8n API key and the AI-HTTP server', () => {
  let db: AiHttpDatabase;
  let unregister: () => void;
  beforeEach(() => {
    fakeBrowser.reset();
    db = new AiHttpDatabase(`instances-${crypto.randomUUID()}`);
    unregister = registerInstanceHandlers(db, new ServerStream({ loadSession: () => db.session(), saveSession: (session) => db.saveSession(session) }));
  });
  afterEach(() => {
    unregister();
    db.close();
  });

  it('stays on this device when the signed-in server is plain http on another machine, and the answer says so', async () => {
    const n8n = n8nUnderTest();
    // A server that is never reached: sending the key to it would answer serverProblem instead.
    await db.saveSession({ serverUrl: 'http://192.0.2.10:8787', email: 'a@b.test', userId: 'u1', accessToken: 'a', refreshToken: 'r' });
    const saved = await sendMessage('saveInstance', { url: n8n.url, name: 'n8n', apiKey: n8n.apiKey });
    expect(saved).toEqual({ ok: true, value: { origin: n8n.url.replace(/\/$/, ''), syncedToServer: false, keyKeptLocal: true } });
    expect((await db.instances.toArray()).map((row) => row.apiKey)).toEqual([n8n.apiKey]);
  });

  it('is sent only to an https server or one on this machine', () => {
    expect(carriesSecrets('https://ai-http.example.com')).toBe(true);
    expect(carriesSecrets('http://127.0.0.1:8787')).toBe(true);
    expect(carriesSecrets('http://localhost:8787')).toBe(true);
    expect(carriesSecrets('http://[::1]:8787')).toBe(true);
    expect(carriesSecrets('http://ai-http.example.com')).toBe(false);
    expect(carriesSecrets('http://192.168.1.20:8787')).toBe(false);
    expect(carriesSecrets('http://127.0.0.1.example.com')).toBe(false);
  });
});
