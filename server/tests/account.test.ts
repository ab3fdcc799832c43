// The signed-in user's own account through HTTP: name and email (an email another account uses is
// refused on that field, nothing changed), the password with the current one (a wrong one refused
// in place; the new one signs in, the old one no longer; every other session ends, the asking one
// stays), and the sessions (listed with the current one marked; one revoked ends its refresh token
// and its access token at once; another user's cannot be revoked).
import { describe, expect, it } from 'vitest';
import { signUp, suiteServer } from './helpers.ts';

type Failure = { success: false; error: { code: string; message: string; details: { issues?: { path: string; message: string }[] } | null } };
type SessionItem = { id: string; current: boolean; createdAt: string; lastUsedAt: string; expiresAt: string };

describe('the account: profile, password, sessions', () => {
  const suite = suiteServer({ RATE_LIMIT_PER_MINUTE: '1000000' });
  const login = (email: string, password: string) => suite.api.call<{ data: { accessToken: string; refreshToken: string } }>('POST', '/api/v1/auth/login', { body: { email, password } });

  it('changes the name and email; an email in use or a bad one is refused on its field and changes nothing', async () => {
    const user = await signUp(suite.api, 'profile');
    const other = await signUp(suite.api, 'profile-other');
    const email = `renamed-${Date.now()}@example.com`;
    const changed = await suite.api.call<{ data: { name: string; email: string } }>('PATCH', '/api/v1/me/profile', { token: user.accessToken, body: { name: 'Renamed', email } });
    expect(changed.status).toBe(200);
    expect(changed.body.data).toMatchObject({ name: 'Renamed', email });
    expect((await login(email, user.password)).status).toBe(200);

    const clash = await suite.api.call<Failure>('PATCH', '/api/v1/me/profile', { token: user.accessToken, body: { name: 'Clash', email: other.email.toUpperCase() } });
    expect([clash.status, clash.body.error.code]).toEqual([409, 'CONFLICT']);
    expect(clash.body.error.details?.issues).toEqual([{ path: 'email', message: 'is used by another account' }]);
    const bad = await suite.api.call<Failure>('PATCH', '/api/v1/me/profile', { token: user.accessToken, body: { email: 'not an email' } });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const empty = await suite.api.call<Failure>('PATCH', '/api/v1/me/profile', { token: user.accessToken, body: {} });
    expect(empty.body.error.details?.issues?.[0]?.message).toMatch(/name or an email/);
    const me = await suite.api.call<{ data: { name: string; email: string } }>('GET', '/api/v1/me', { token: user.accessToken });
    expect(me.body.data).toMatchObject({ name: 'Renamed', email });
  });

  it('changes the password with the current one, and ends every other session', async () => {
    const user = await signUp(suite.api, 'password');
    const elsewhere = (await login(user.email, user.password)).body.data;
    const wrong = await suite.api.call<Failure>('POST', '/api/v1/me/password', { token: user.accessToken, body: { currentPassword: 'not-the-password', newPassword: 'a-new-password-123' } });
    expect([wrong.status, wrong.body.error.code, wrong.body.error.details?.issues]).toEqual([400, 'VALIDATION_FAILED', [{ path: 'currentPassword', message: 'is wrong' }]]);
    const short = await suite.api.call<Failure>('POST', '/api/v1/me/password', { token: user.accessToken, body: { currentPassword: user.password, newPassword: 'short' } });
    expect(short.body.error.details?.issues?.[0]).toMatchObject({ path: 'newPassword', message: 'must be at least 10 characters' });
    // Neither refusal changed anything: the old password still signs in.
    expect((await login(user.email, user.password)).status).toBe(200);

    const changed = await suite.api.call<{ data: { changed: true; sessionsEnded: number } }>('POST', '/api/v1/me/password', { token: user.accessToken, body: { currentPassword: user.password, newPassword: 'a-new-password-123' } });
    expect(changed.status).toBe(200);
    expect(changed.body.data).toEqual({ changed: true, sessionsEnded: 2 });
    expect((await login(user.email, user.password)).status).toBe(401);
    expect((await login(user.email, 'a-new-password-123')).status).toBe(200);
    // The other sessions ended, access and refresh tokens alike; the one that asked goes on.
    expect((await suite.api.call('GET', '/api/v1/me', { token: elsewhere.accessToken })).status).toBe(401);
    expect((await suite.api.call('POST', '/api/v1/auth/refresh', { body: { refreshToken: elsewhere.refreshToken } })).status).toBe(401);
    expect((await suite.api.call('GET', '/api/v1/me', { token: user.accessToken })).status).toBe(200);
  });

  it('lists the sessions, the current one marked, and revokes one (only its owner can)', async () => {
    const user = await signUp(suite.api, 'sessions');
    const second = (await login(user.email, user.password)).body.data;
    const listed = await suite.api.call<{ data: { items: SessionItem[] } }>('GET', '/api/v1/me/sessions', { token: user.accessToken });
    expect(listed.body.data.items).toHaveLength(2);
    const current = listed.body.data.items.find((item) => item.current)!;
    const other = listed.body.data.items.find((item) => !item.current)!;
    expect(current.id).toBe(user.refreshToken.split('.')[0]);
    expect(other.id).toBe(second.refreshToken.split('.')[0]);

    const stranger = await signUp(suite.api, 'sessions-stranger');
    const foreign = await suite.api.call<Failure>('DELETE', `/api/v1/me/sessions/${other.id}`, { token: stranger.accessToken });
    expect([foreign.status, foreign.body.error.code]).toEqual([404, 'NOT_FOUND']);
    expect((await suite.api.call('GET', '/api/v1/me', { token: second.accessToken })).status).toBe(200);

    const revoked = await suite.api.call<{ data: { id: string; deleted: true } }>('DELETE', `/api/v1/me/sessions/${other.id}`, { token: user.accessToken });
    expect([revoked.status, revoked.body.data]).toEqual([200, { id: other.id, deleted: true }]);
    expect((await suite.api.call('GET', '/api/v1/me', { token: second.accessToken })).status).toBe(401);
    expect((await suite.api.call('POST', '/api/v1/auth/refresh', { body: { refreshToken: second.refreshToken } })).status).toBe(401);
    const after = await suite.api.call<{ data: { items: SessionItem[] } }>('GET', '/api/v1/me/sessions', { token: user.accessToken });
    expect(after.body.data.items.map((item) => item.id)).toEqual([current.id]);
    const again = await suite.api.call<Failure>('DELETE', `/api/v1/me/sessions/${other.id}`, { token: user.accessToken });
    expect(again.status).toBe(404);
    const notAnId = await suite.api.call<Failure>('DELETE', '/api/v1/me/sessions/nope', { token: user.accessToken });
    expect([notAnId.status, notAnId.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
  });
});
