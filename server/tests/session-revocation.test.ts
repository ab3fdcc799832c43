// Logging out, and a refresh token coming back (reuse), end the session at once: its access
// tokens stop working over HTTP and for hello on /ws, and its open sockets are closed with 4001;
// a socket is also closed when its token expires. Other sessions of the same user live on.
import { createHmac } from 'node:crypto';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { WS_CLOSE } from '@ai-http/shared/realtime/protocol';
import { signUp, suiteServer } from './helpers.ts';
import { StreamClient } from './stream-client.ts';

interface Session {
  accessToken: string;
  refreshToken: string;
}

describe('ending a session', () => {
  const suite = suiteServer({ RATE_LIMIT_PER_MINUTE: '1000000' });

  const login = async (email: string, password: string) => (await suite.api.call<{ data: Session }>('POST', '/api/v1/auth/login', { body: { email, password } })).body.data;
  const me = async (token: string) => (await suite.api.call('GET', '/api/v1/me', { token })).status;

  /** Opens /ws and says hello; answers the socket, the first message and a promise of the close code. */
  async function hello(token: string): Promise<{ socket: WebSocket; first: { type: string }; closed: Promise<number> }> {
    const socket = new WebSocket(`${suite.server.url.replace('http', 'ws')}/ws`);
    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const first = new Promise<{ type: string }>((resolve) => {
      socket.once('message', (data) => resolve(JSON.parse(data.toString())));
      void closed.then((code) => resolve({ type: `closed ${code}` }));
    });
    socket.send(JSON.stringify({ type: 'hello', token }));
    return { socket, first: await first, closed };
  }
  const within = <T,>(promise: Promise<T>, ms: number) => Promise.race([promise, new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ms))]);

  it('logout ends the access token over HTTP and on /ws at once, and closes the open socket with 4001', async () => {
    const user = await signUp(suite.api, 'logout-now');
    const other = await login(user.email, user.password);
    const open = await hello(user.accessToken);
    expect(open.first.type).toBe('ready');
    expect(await me(user.accessToken)).toBe(200);

    expect((await suite.api.call('POST', '/api/v1/auth/logout', { body: { refreshToken: user.refreshToken } })).status).toBe(200);
    expect(await me(user.accessToken)).toBe(401);
    expect(await within(open.closed, 3_000)).toBe(WS_CLOSE.UNAUTHORIZED);
    const late = await hello(user.accessToken);
    expect(late.first.type).toBe(`closed ${WS_CLOSE.UNAUTHORIZED}`);
    // The user's other session is untouched.
    expect(await me(other.accessToken)).toBe(200);
    const stillOpen = await hello(other.accessToken);
    expect(stillOpen.first.type).toBe('ready');
    stillOpen.socket.close();
  });

  it("a hello as another user drops the socket's subscriptions: they do not outlive the first user's session", async () => {
    const first = await signUp(suite.api, 'rehello-first');
    const second = await signUp(suite.api, 'rehello-second');
    const instance = (await suite.api.call<{ data: { id: string } }>('POST', '/api/v1/instances', { token: first.accessToken, body: { name: 'mine', url: 'https://n8n.example.com', apiKey: 'n8n_api_rehello_0123456789' } })).body.data.id;
    const hook = (await suite.api.call<{ data: { url: string; secret: string } }>('GET', `/api/v1/instances/${instance}/hook`, { token: first.accessToken })).body.data;
    const client = new StreamClient();
    await client.connect(suite.server.url, first.accessToken, [`instance:${instance}`]);
    try {
      client.socket!.send(JSON.stringify({ type: 'hello', token: second.accessToken }));
      await client.until(() => client.other.filter((m) => m.type === 'ready').length === 2, 'the second ready');
      expect((await suite.api.call('POST', '/api/v1/auth/logout', { body: { refreshToken: first.refreshToken } })).status).toBe(200);
      // An execution of the first user's instance, announced after the first user logged out.
      const body = JSON.stringify({ v: 1, id: '7001', workflowId: 'w1', status: 'error', mode: 'webhook', startedAt: new Date().toISOString(), stoppedAt: new Date().toISOString(), data: { resultData: { runData: {}, error: { message: 'x' } } }, workflowData: { id: 'w1', name: 'W', nodes: [] } });
      const timestamp = Date.now();
      const posted = await fetch(hook.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-aihttp-timestamp': String(timestamp), 'x-aihttp-signature': createHmac('sha256', hook.secret).update(`${timestamp}.${body}`).digest('hex') }, body });
      expect(posted.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 800));
      expect(client.events.map((e) => e.event.executionId)).toEqual([]);
    } finally {
      client.socket?.terminate();
    }
  });

  it('a reused refresh token ends the whole session, its newest access token included', async () => {
    const user = await signUp(suite.api, 'reuse-now');
    const rotated = (await suite.api.call<{ data: Session }>('POST', '/api/v1/auth/refresh', { body: { refreshToken: user.refreshToken } })).body.data;
    expect(await me(rotated.accessToken)).toBe(200);
    expect((await suite.api.call('POST', '/api/v1/auth/refresh', { body: { refreshToken: user.refreshToken } })).status).toBe(401);
    expect(await me(rotated.accessToken)).toBe(401);
    expect(await me(user.accessToken)).toBe(401);
  });

  it('closes a socket with 4001 when its token expires', async () => {
    const user = await signUp(suite.api, 'expiry');
    const [familyId] = user.refreshToken.split('.');
    const secret = new TextEncoder().encode(suite.server.app.services.config.secrets.jwtSecret);
    const shortLived = await new SignJWT({ typ: 'access', sid: familyId }).setProtectedHeader({ alg: 'HS256' }).setSubject(user.id).setIssuer('ai-http').setIssuedAt().setExpirationTime(Math.floor(Date.now() / 1000) + 2).sign(secret);
    const open = await hello(shortLived);
    expect(open.first.type).toBe('ready');
    expect(await within(open.closed, 5_000)).toBe(WS_CLOSE.UNAUTHORIZED);
  });
});
