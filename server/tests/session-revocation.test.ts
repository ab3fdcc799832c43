// Logging out, and a refresh token coming back (reuse), end the session at once: its access
// tokens stop working over HTTP and for hello on /ws, and its open sockets are closed with 4001;
// a socket is also closed when its token expires. Other sessions of the same user live on.
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { WS_CLOSE } from '@ai-http/shared/realtime/protocol';
import { signUp, suiteServer } from './helpers.ts';

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
