// The REST shapes both sides use: answers read through their versioned entity, PATCH bodies that
// carry only what was sent.
import { describe, expect, it } from 'vitest';
import { instanceView, patchOf, savedRequestView, sessionView, templateInput, templateView } from '../src/api/resources.ts';

const now = new Date().toISOString();

describe('REST resources', () => {
  it('reads a stored v1 instance, session and saved request, and refuses a Date object where text belongs', () => {
    const instance = { v: 1, id: crypto.randomUUID(), name: 'Prod', url: 'https://n8n.example.com', apiKey: '••••abcd', status: 'CONNECTED', lastSync: now, lastError: null, createdAt: now, updatedAt: now };
    expect(instanceView.parse(instance)).toEqual(instance);
    expect(instanceView.safeParse({ ...instance, createdAt: new Date() }).success).toBe(false);
    const user = { v: 1, id: crypto.randomUUID(), email: 'a@b.test', name: 'A', avatarUrl: null, plan: 'FREE', settings: {}, createdAt: now };
    expect(sessionView.parse({ v: 1, user, accessToken: 'x', accessTokenExpiresIn: 900, refreshToken: 'y' }).user).toEqual(user);
    const saved = savedRequestView.parse({ v: 1, id: crypto.randomUUID(), name: 'Orders', request: { v: 1, method: 'GET', url: 'https://x.test' }, createdAt: now, updatedAt: now });
    expect(saved.request.headers).toEqual([]);
  });

  it('answers a template in the one Template shape, built-in or not', () => {
    const stored = { v: 2, id: crypto.randomUUID(), builtinId: null, isPublic: false, service: 'Acme', name: 'Make', description: '', tags: [], docsUrl: null, request: { v: 1, method: 'GET', url: 'https://x.test' }, updatedAt: now };
    expect(templateView.parse(stored).request.method).toBe('GET');
  });

  it('fills defaults on create but never on PATCH', () => {
    const created = templateInput.parse({ service: 'Acme', name: 'Make', request: { v: 1, method: 'GET', url: 'https://x.test' } });
    expect(created).toMatchObject({ description: '', tags: [], docsUrl: null, isPublic: false });
    const patch = patchOf(templateInput);
    expect(patch.parse({ name: 'Renamed' })).toEqual({ name: 'Renamed' });
    expect(patch.safeParse({}).success).toBe(false);
    expect(patch.safeParse({ isPublic: 'yes' }).success).toBe(false);
  });
});
