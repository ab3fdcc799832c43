// A request's auth as an n8n credential, so the inserted HTTP Request node runs as it is: the
// secret goes into a credential the user's n8n stores (encrypted, and restricted to the API's own
// domain), and the node only references it. The field names are the generic credential types' own,
// as n8n 2.40.7's /api/v1/credentials/schema/<type> lists them.
import type { RequestAuth, RequestSpec } from '../request/spec.ts';
import type { N8nNode } from './http-request-node.ts';

export type GenericCredentialType = 'httpBasicAuth' | 'httpBearerAuth' | 'httpHeaderAuth' | 'httpQueryAuth';

export interface CredentialDraft {
  type: GenericCredentialType;
  /** "Stripe (Basic Auth)", or the API's host when the service is unknown. */
  name: string;
  /** What `POST /api/v1/credentials` takes as `data`. Holds the secret: it goes to n8n only. */
  data: Record<string, string>;
}

export const CREDENTIAL_LABELS: Record<GenericCredentialType, string> = { httpBasicAuth: 'Basic Auth', httpBearerAuth: 'Bearer Auth', httpHeaderAuth: 'Header Auth', httpQueryAuth: 'Query Auth' };

/** Which fields the user would fill in n8n's credential form, for the "create it yourself" message. */
export const CREDENTIAL_FIELDS: Record<GenericCredentialType, string[]> = { httpBasicAuth: ['User', 'Password'], httpBearerAuth: ['Bearer Token'], httpHeaderAuth: ['Name', 'Value'], httpQueryAuth: ['Name', 'Value'] };

function secretData(auth: RequestAuth): { type: GenericCredentialType; data: Record<string, string> } | null {
  switch (auth.type) {
    case 'basic':
      return { type: 'httpBasicAuth', data: { user: auth.username, password: auth.password } };
    case 'bearer':
      return { type: 'httpBearerAuth', data: { token: auth.token } };
    case 'apiKeyHeader':
      return { type: 'httpHeaderAuth', data: { name: auth.name, value: auth.value } };
    case 'apiKeyQuery':
      return { type: 'httpQueryAuth', data: { name: auth.name, value: auth.value } };
    default:
      return null;
  }
}

/** The credential a request's auth needs, or null when it needs none (or OAuth2, set up in n8n). */
export function credentialFor(request: Pick<RequestSpec, 'auth' | 'url'>, service?: string): CredentialDraft | null {
  const secret = secretData(request.auth);
  if (!secret) return null;
  const host = hostOf(request.url);
  const name = `${service || host || 'API'} (${CREDENTIAL_LABELS[secret.type]})`;
  // Restrict the credential to the API's host, so another node cannot send it elsewhere.
  const restriction: Record<string, string> = host ? { allowedHttpRequestDomains: 'domains', allowedDomains: host } : {};
  return { type: secret.type, name, data: { ...secret.data, ...restriction } };
}

/** True when the auth still holds placeholders (`{{token}}`) rather than a real secret. */
export function hasPlaceholderSecret(auth: RequestAuth): boolean {
  const secret = secretData(auth);
  return secret !== null && Object.values(secret.data).some((value) => /\{\{[^}]*\}\}|^<[A-Z_]+>$/.test(value) || value === '');
}

/** The node pointing at a credential n8n created: it runs without the secret in its parameters. */
export function withCredential(node: N8nNode, credential: { id: string; name: string; type: GenericCredentialType }): N8nNode {
  return {
    ...node,
    parameters: { ...node.parameters, authentication: 'genericCredentialType', genericAuthType: credential.type },
    credentials: { [credential.type]: { id: credential.id, name: credential.name } },
  };
}

function hostOf(url: string): string | null {
  try {
    return new URL(url.replace(/\{\{[^}]*\}\}/g, 'x')).hostname || null;
  } catch {
    return null;
  }
}
