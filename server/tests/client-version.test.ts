// The server refuses an extension whose version it does not speak, on both ways in: the REST API
// (X-AI-HTTP-Client header) and the execution stream (`client` in hello), with CLIENT_UNSUPPORTED;
// and the extension's own clients (its background's API client, stream and debugger source) say so.
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { serverMessageSchema, WS_CLOSE } from '@ai-http/shared/realtime/protocol';
import { AIHTTP_VERSION, CLIENT_HEADER, compatibilityLine } from '@ai-http/shared/version';
import { AppError } from '@ai-http/shared/errors';
import { createServerApi, type ServerSession } from '../../extension/background/server/api.ts';
import { ServerStream, type StreamState } from '../../extension/background/server/stream.ts';
import { ServerSource } from '../../extension/features/debugger/background/server-source.ts';
import type { SourceUpdate } from '../../extension/features/debugger/background/source.ts';
import { apiClient, signUp, startTestServer, type TestServer } from './helpers.ts';

/** A client version of another compatibility line than this server's. */
const [major = 0, minor = 0] = AIHTTP_VERSION.split('.').map(Number);
const OTHER_LINE = major === 0 ? `0.${minor + 1}.0` : `${major + 1}.0.0`;
const SAME_LINE = major === 0 ? `0.${minor}.99` : `${major}.99.0`;
const EXTENSION_ORIGIN = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';

describe('an extension of another version', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  it('gets 426 CLIENT_UNSUPPORTED from the REST API, saying which versions the server speaks', async () => {
    const api = apiClient(server.url);
    const { status, body } = await api.call<{ error: { code: string; message: string; details: unknown } }>('POST', '/api/v1/auth/login', {
      body: { email: 'ada@example.com', password: 'whatever-it-is' },
      headers: { [CLIENT_HEADER]: `extension/${OTHER_LINE}` },
    });
    expect(status).toBe(426);
    expect(body.error).toMatchObject({ code: 'CLIENT_UNSUPPORTED', details: { serverVersion: AIHTTP_VERSION, clientVersion: OTHER_LINE, speaks: `${compatibilityLine(AIHTTP_VERSION)}.x` } });
    expect(body.error.message).toContain(`this extension is ${OTHER_LINE}`);
  });

  it('is served when it speaks the same line, and so is a caller that names no client', async () => {
    const api = apiClient(server.url);
    const user = await signUp(api);
    const same = await api.call('GET', '/api/v1/instances', { token: user.accessToken, headers: { [CLIENT_HEADER]: `extension/${SAME_LINE}` } });
    expect(same.status).toBe(200);
    expect((await api.call('GET', '/api/v1/instances', { token: user.accessToken })).status).toBe(200);
  });

  it('may send the header from an extension page (CORS preflight allows it)', async () => {
    const res = await fetch(`${server.url}/api/v1/instances`, { method: 'OPTIONS', headers: { origin: EXTENSION_ORIGIN, 'access-control-request-method': 'GET', 'access-control-request-headers': CLIENT_HEADER.toLowerCase() } });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase().split(',')).toContain(CLIENT_HEADER.toLowerCase());
  });

  it('is told CLIENT_UNSUPPORTED on the stream and the socket closes with 4010, before its token is even read', async () => {
    const socket = new WebSocket(`${server.url.replace('http', 'ws')}/ws`, { headers: { origin: EXTENSION_ORIGIN } });
    const messages: unknown[] = [];
    socket.on('message', (raw) => messages.push(serverMessageSchema.parse(JSON.parse(raw.toString()))));
    await once(socket, 'open');
    socket.send(JSON.stringify({ type: 'hello', token: 'not-a-token', client: `extension/${OTHER_LINE}` }));
    const [code] = (await once(socket, 'close')) as [number];
    expect(code).toBe(WS_CLOSE.CLIENT_UNSUPPORTED);
    expect(messages).toEqual([{ type: 'error', error: expect.objectContaining({ code: 'CLIENT_UNSUPPORTED', details: expect.objectContaining({ clientVersion: OTHER_LINE }) }) }]);
  });

  it('is welcomed on the stream when it speaks the same line', async () => {
    const user = await signUp(apiClient(server.url));
    const socket = new WebSocket(`${server.url.replace('http', 'ws')}/ws`, { headers: { origin: EXTENSION_ORIGIN } });
    await once(socket, 'open');
    socket.send(JSON.stringify({ type: 'hello', token: user.accessToken, client: `extension/${SAME_LINE}` }));
    const [raw] = (await once(socket, 'message')) as [Buffer];
    expect(serverMessageSchema.parse(JSON.parse(raw.toString()))).toMatchObject({ type: 'ready', userId: user.id });
    socket.close();
  });

  describe("the extension's background", () => {
    const sessionFor = async (): Promise<ServerSession> => {
      const user = await signUp(apiClient(server.url), 'old-extension');
      return { serverUrl: server.url, email: user.email, userId: user.id, accessToken: user.accessToken, refreshToken: user.refreshToken };
    };
    const until = async (what: string, check: () => boolean) => {
      const deadline = Date.now() + 10_000;
      while (!check()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };

    it('names its version on every request, and its sign-in fails with the message the options page shows', async () => {
      const error = await createServerApi(server.url, { client: `extension/${OTHER_LINE}` }).login('ada@example.com', 'whatever-it-is').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: 'CLIENT_UNSUPPORTED', message: expect.stringContaining(`speaks extension ${compatibilityLine(AIHTTP_VERSION)}.x`) });
      // Its own version is the one this server speaks: sign-in reaches the credentials check.
      await expect(createServerApi(server.url).login('ada@example.com', 'whatever-it-is')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    });

    it('tells the debugger panel the server does not speak it, instead of "server offline"', async () => {
      const session = await sessionFor();
      const stream = new ServerStream({ loadSession: async () => session, saveSession: async () => undefined }, { client: `extension/${OTHER_LINE}` });
      const updates: SourceUpdate[] = [];
      const stop = new AbortController();
      new ServerSource(stream, async () => true).watch({ n8nBase: 'http://n8n.version.test:5678', workflowId: 'wf1' }, (update) => updates.push(update), stop.signal);
      await until('an update', () => updates.length > 0);
      stop.abort();
      expect(updates[0]).toEqual({ type: 'unavailable', notice: 'serverVersion', problem: null });
    });

    it('stops its stream at close 4010 and does not reconnect on its own', async () => {
      const session = await sessionFor();
      let upgrades = 0;
      const count = () => upgrades++;
      server.server.on('upgrade', count);
      const stream = new ServerStream({ loadSession: async () => session, saveSession: async () => undefined }, { client: `extension/${OTHER_LINE}` });
      const states: StreamState[] = [];
      const unsubscribe = stream.subscribe('instance:00000000-0000-4000-8000-000000000000', { onEvent: () => undefined, onState: (state) => states.push(state) });
      await until('the unsupported state', () => states.includes('unsupported'));
      // Longer than the first reconnect backoff (1 s): a retrying stream would have dialled again.
      await new Promise((r) => setTimeout(r, 1_500));
      server.server.off('upgrade', count);
      unsubscribe();
      stream.close();
      expect(upgrades).toBe(1);
      expect(states).not.toContain('offline');
    });
  });
});
