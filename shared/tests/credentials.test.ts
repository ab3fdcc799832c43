import { describe, expect, it } from 'vitest';
import { credentialFor, hasPlaceholderSecret, withCredential } from '../src/n8n/credentials.ts';
import { toHttpRequestNode } from '../src/n8n/http-request-node.ts';
import { createRequestSpec } from '../src/request/spec.ts';

describe('credentials for a request', () => {
  const request = (auth: Parameters<typeof createRequestSpec>[0]['auth']) => createRequestSpec({ method: 'GET', url: 'https://api.stripe.com/v1/customers', auth });

  it('maps each auth to the generic credential type n8n offers, named after the service, restricted to the host', () => {
    expect(credentialFor(request({ type: 'basic', username: 'sk_test', password: '' }), 'Stripe')).toEqual({ type: 'httpBasicAuth', name: 'Stripe (Basic Auth)', data: { user: 'sk_test', password: '', allowedHttpRequestDomains: 'domains', allowedDomains: 'api.stripe.com' } });
    expect(credentialFor(request({ type: 'bearer', token: 't' }))).toMatchObject({ type: 'httpBearerAuth', name: 'api.stripe.com (Bearer Auth)', data: { token: 't' } });
    expect(credentialFor(request({ type: 'apiKeyHeader', name: 'X-Key', value: 'v' }))).toMatchObject({ type: 'httpHeaderAuth', data: { name: 'X-Key', value: 'v' } });
    expect(credentialFor(request({ type: 'apiKeyQuery', name: 'key', value: 'v' }))).toMatchObject({ type: 'httpQueryAuth', data: { name: 'key', value: 'v' } });
    expect(credentialFor(request({ type: 'none' }))).toBeNull();
    expect(credentialFor(request({ type: 'oauth2', scopes: [] }))).toBeNull();
  });

  it('knows a placeholder from a secret', () => {
    expect(hasPlaceholderSecret({ type: 'bearer', token: '{{token}}' })).toBe(true);
    expect(hasPlaceholderSecret({ type: 'apiKeyHeader', name: 'X', value: '<API_KEY>' })).toBe(true);
    expect(hasPlaceholderSecret({ type: 'bearer', token: 'sk_live_1' })).toBe(false);
  });

  it('points the node at the credential, never holding the secret', () => {
    const spec = request({ type: 'bearer', token: 'sk_live_1' });
    const node = withCredential(toHttpRequestNode(spec).node, { id: '7', name: 'Stripe (Bearer Auth)', type: 'httpBearerAuth' });
    expect(node.credentials).toEqual({ httpBearerAuth: { id: '7', name: 'Stripe (Bearer Auth)' } });
    expect(node.parameters).toMatchObject({ authentication: 'genericCredentialType', genericAuthType: 'httpBearerAuth' });
    expect(JSON.stringify(node)).not.toContain('sk_live_1');
  });
});
