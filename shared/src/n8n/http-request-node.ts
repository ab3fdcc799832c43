import { z } from 'zod';
import { parseFormBody } from '../request/content-type.ts';
import { PLACEHOLDER } from '../request/fields.ts';
import { authOnWire, urlWithQuery } from '../request/wire.ts';
import { createRequestSpec, type MultipartPart, type Pair, type RequestAuth, type RequestBody, type RequestOptions, type RequestSpec } from '../request/spec.ts';
import { HTTP_REQUEST_NODE_TYPE } from './node-types.ts';

export { HTTP_REQUEST_NODE_TYPE };

/**
 * RequestSpec ⇄ n8n HTTP Request node (typeVersion 4.x). Parameter names follow the node's own
 * definition (n8n-nodes-base.httpRequest, V3 description, used by typeVersion 4.0 to 4.2).
 */

export interface N8nNode {
  parameters: Record<string, unknown>;
  name: string;
  type: string;
  typeVersion: number;
  position: [number, number];
  notes?: string;
  id?: string;
  credentials?: Record<string, { id: string | null; name: string }>;
}

export interface ClipboardWorkflow {
  nodes: N8nNode[];
  connections: Record<string, unknown>;
}

export interface ToNodeOptions {
  typeVersion?: number;
  /** Keep tokens, passwords and keys in plain node parameters instead of an n8n credential. */
  inlineSecrets?: boolean;
  /**
   * What `{{name}}` placeholders left in the request become: literal text (the default), or n8n
   * expressions reading the incoming item (`={{ $json.name }}`), so the node runs on real data.
   */
  placeholders?: 'text' | 'expressions';
  position?: [number, number];
}

type GenericAuthType = 'httpBasicAuth' | 'httpBearerAuth' | 'httpHeaderAuth' | 'httpQueryAuth';

const CREDENTIAL: Record<Exclude<RequestAuth['type'], 'none' | 'oauth2'>, { type: GenericAuthType; label: string }> = {
  basic: { type: 'httpBasicAuth', label: 'Basic Auth' },
  bearer: { type: 'httpBearerAuth', label: 'Bearer Auth' },
  apiKeyHeader: { type: 'httpHeaderAuth', label: 'Header Auth' },
  apiKeyQuery: { type: 'httpQueryAuth', label: 'Query Auth' },
};

// What fromHttpRequestNode shows for values that live in an n8n credential, not in the node.
export const CREDENTIAL_PLACEHOLDERS = { username: '<USERNAME>', password: '<PASSWORD>', token: '<TOKEN>', headerName: '<HEADER_NAME>', queryName: '<QUERY_NAME>', key: '<API_KEY>' } as const;

const rows = (pairs: readonly Pair[]) => ({ parameters: pairs.map(({ name, value }) => ({ name, value })) });

/** Builds an HTTP Request node for a request, choosing the modes a careful person would. */
export function toHttpRequestNode(spec: RequestSpec, { typeVersion = 4.2, inlineSecrets = false, position = [0, 0], placeholders = 'text' }: ToNodeOptions = {}): { node: N8nNode; warnings: string[] } {
  const warnings: string[] = [];
  const query = [...spec.query];
  const headers = [...spec.headers];
  const parameters: Record<string, unknown> = { method: spec.method, url: spec.url };
  const { auth } = spec;

  if (auth.type === 'oauth2') {
    parameters.authentication = 'genericCredentialType';
    parameters.genericAuthType = 'oAuth2Api';
    warnings.push(`Create an "OAuth2 API" credential${auth.tokenUrl ? ` with Access Token URL ${auth.tokenUrl}` : ''}${auth.scopes.length ? ` and scopes ${auth.scopes.join(' ')}` : ''}, then select it in the node.`);
  } else if (auth.type !== 'none' && !inlineSecrets) {
    const credential = CREDENTIAL[auth.type];
    parameters.authentication = 'genericCredentialType';
    parameters.genericAuthType = credential.type;
    warnings.push(`The request carries a secret. Create a "${credential.label}" credential${describeCredential(auth)} and select it in the node; the secret is not stored in the node.`);
  } else {
    const inline = authOnWire(auth);
    headers.push(...inline.headers);
    query.push(...inline.query);
  }
  if (auth.type !== 'none' && auth.type !== 'oauth2' && inlineSecrets) warnings.push('The secret is kept in the node parameters, where anyone who sees the workflow can read it.');
  if (headers.some((h) => h.name.toLowerCase() === 'cookie')) warnings.push('A Cookie header was kept: it is usually a login session, and it expires. Prefer an API key or OAuth2 credential.');

  // n8n's keypair query rows keep only the last of repeated names (?tag=a&tag=b → ?tag=b, seen
  // on 2.40.7), so a query with repeated names goes into the URL itself, where n8n sends it as is.
  const names = query.map((q) => q.name);
  if (new Set(names).size < names.length) parameters.url = urlWithQuery(spec.url, query);
  else if (query.length) Object.assign(parameters, { sendQuery: true, specifyQuery: 'keypair', queryParameters: rows(query) });
  if (headers.length) Object.assign(parameters, { sendHeaders: true, specifyHeaders: 'keypair', headerParameters: rows(headers) });
  Object.assign(parameters, bodyParameters(spec.body));
  const options = optionParameters(spec.options);
  parameters.options = options;

  if (placeholders === 'expressions') {
    const used = placeholdersToExpressions(parameters);
    if (used.length) warnings.push(`${used.map((name) => `{{${name}}}`).join(', ')} read the incoming item: the node expects ${used.map((name) => `$json.${name}`).join(', ')} from the node before it.`);
  }
  const node: N8nNode = { parameters, name: spec.name ?? 'HTTP Request', type: HTTP_REQUEST_NODE_TYPE, typeVersion, position };
  if (spec.description) node.notes = spec.description;
  return { node, warnings };
}

/**
 * Turns every `{{name}}` in the node's text parameters into an n8n expression on the incoming
 * item, in place: "https://x/{{id}}" → "=https://x/{{ $json.id }}". Values that already are n8n
 * expressions (starting with "=") are left as they are. Returns the names used.
 */
export function placeholdersToExpressions(parameters: Record<string, unknown>): string[] {
  const used = new Set<string>();
  const convert = (value: string): string => {
    if (value.startsWith('=') || !value.match(PLACEHOLDER)) return value;
    return `=${value.replace(PLACEHOLDER, (_whole, name: string) => {
      used.add(name);
      return `{{ $json${/^[A-Za-z_$][\w$]*$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`} }}`;
    })}`;
  };
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') return convert(node);
    if (Array.isArray(node)) return node.map(walk);
    if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, key === 'name' || key === 'method' ? value : walk(value)]));
    return node;
  };
  for (const key of ['url', 'queryParameters', 'headerParameters', 'bodyParameters', 'jsonBody', 'body']) if (key in parameters) parameters[key] = walk(parameters[key]);
  return [...used];
}

function describeCredential(auth: RequestAuth): string {
  if (auth.type === 'apiKeyHeader') return ` with Name "${auth.name}" and the key as Value`;
  if (auth.type === 'apiKeyQuery') return ` with Name "${auth.name}" and the key as Value`;
  if (auth.type === 'basic') return ` with user "${auth.username}" and its password`;
  if (auth.type === 'bearer') return ' with the token';
  return '';
}

function bodyParameters(body: RequestBody): Record<string, unknown> {
  switch (body.mode) {
    case 'none':
      return {};
    case 'json':
      return { sendBody: true, contentType: 'json', specifyBody: 'json', jsonBody: body.text };
    case 'form':
      return { sendBody: true, contentType: 'form-urlencoded', specifyBody: 'keypair', bodyParameters: rows(body.fields) };
    case 'multipart':
      return {
        sendBody: true,
        contentType: 'multipart-form-data',
        bodyParameters: {
          parameters: body.parts.map((part) => (part.kind === 'file' ? { parameterType: 'formBinaryData', name: part.name, inputDataFieldName: part.binaryProperty } : { name: part.name, value: part.value })),
        },
      };
    case 'raw':
      return { sendBody: true, contentType: 'raw', rawContentType: body.contentType, body: body.text };
    case 'binary':
      return { sendBody: true, contentType: 'binaryData', inputDataFieldName: body.binaryProperty };
  }
}

function optionParameters(options: RequestOptions): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (options.followRedirects !== undefined) {
    out.redirect = { redirect: { followRedirects: options.followRedirects, ...(options.maxRedirects !== undefined ? { maxRedirects: options.maxRedirects } : {}) } };
  }
  if (options.timeoutMs !== undefined) out.timeout = options.timeoutMs;
  if (options.insecure !== undefined) out.allowUnauthorizedCerts = options.insecure;
  if (options.proxy !== undefined) out.proxy = options.proxy;
  if (options.fullResponse !== undefined) out.response = { response: { fullResponse: options.fullResponse } };
  return out;
}

/** The JSON the n8n editor imports on paste: nodes side by side, nothing connected. */
export function toClipboardWorkflow(nodes: readonly N8nNode[]): ClipboardWorkflow {
  return { nodes: nodes.map((node, index) => ({ ...node, position: node.position[0] || node.position[1] ? node.position : [index * 220, 0] })), connections: {} };
}

const rowSchema = z.object({ name: z.string().default(''), value: z.unknown().optional(), parameterType: z.string().optional(), inputDataFieldName: z.string().optional() });
const rowsSchema = z.object({ parameters: z.array(rowSchema).default([]) }).optional();
const nodeParametersSchema = z.looseObject({
  method: z.string().default('GET'),
  url: z.string().default(''),
  authentication: z.string().default('none'),
  genericAuthType: z.string().optional(),
  sendQuery: z.boolean().optional(),
  specifyQuery: z.string().optional(),
  queryParameters: rowsSchema,
  jsonQuery: z.string().optional(),
  sendHeaders: z.boolean().optional(),
  specifyHeaders: z.string().optional(),
  headerParameters: rowsSchema,
  jsonHeaders: z.string().optional(),
  sendBody: z.boolean().optional(),
  contentType: z.string().default('json'),
  specifyBody: z.string().default('keypair'),
  bodyParameters: rowsSchema,
  jsonBody: z.unknown().optional(),
  body: z.unknown().optional(),
  rawContentType: z.string().optional(),
  inputDataFieldName: z.string().optional(),
  options: z.looseObject({}).default({}),
});

const text = (value: unknown) => (typeof value === 'string' ? value : value === undefined || value === null ? '' : JSON.stringify(value));
const toPairs = (value: z.infer<typeof rowsSchema>) => (value?.parameters ?? []).map((r) => ({ name: r.name, value: text(r.value) }));

/** Reads an HTTP Request node (from the canvas or a workflow) back into a RequestSpec. */
export function fromHttpRequestNode(node: Pick<N8nNode, 'parameters'> & Partial<N8nNode>): RequestSpec {
  const p = nodeParametersSchema.parse(node.parameters ?? {});
  let url = p.url;
  const at = url.indexOf('?');
  const inUrl = at === -1 ? null : parseFormBody(url.slice(at + 1));
  if (inUrl) url = url.slice(0, at);
  const query = [...(inUrl ?? []), ...(p.sendQuery ? (p.specifyQuery === 'json' ? pairsFromJson(p.jsonQuery) : toPairs(p.queryParameters)) : [])];
  const headers = p.sendHeaders ? (p.specifyHeaders === 'json' ? pairsFromJson(p.jsonHeaders) : toPairs(p.headerParameters)) : [];
  let body: RequestBody = { mode: 'none' };
  if (p.sendBody) {
    if (p.contentType === 'json') body = p.specifyBody === 'json' ? { mode: 'json', text: text(p.jsonBody) } : { mode: 'json', text: JSON.stringify(Object.fromEntries(toPairs(p.bodyParameters).map((r) => [r.name, r.value]))) };
    else if (p.contentType === 'form-urlencoded') body = { mode: 'form', fields: toPairs(p.bodyParameters) };
    else if (p.contentType === 'multipart-form-data') {
      const parts: MultipartPart[] = (p.bodyParameters?.parameters ?? []).map((r) =>
        r.parameterType === 'formBinaryData' ? { kind: 'file', name: r.name, binaryProperty: r.inputDataFieldName ?? 'data' } : { kind: 'text', name: r.name, value: text(r.value) },
      );
      body = { mode: 'multipart', parts };
    } else if (p.contentType === 'raw') body = { mode: 'raw', contentType: p.rawContentType ?? 'text/plain', text: text(p.body) };
    else if (p.contentType === 'binaryData') body = { mode: 'binary', binaryProperty: p.inputDataFieldName ?? 'data' };
  }
  const auth = authFromNode(p.authentication, p.genericAuthType);
  const options: RequestOptions = {};
  const o = p.options as Record<string, unknown>;
  const redirect = (o.redirect as { redirect?: { followRedirects?: boolean; maxRedirects?: number } } | undefined)?.redirect;
  if (redirect?.followRedirects !== undefined) options.followRedirects = redirect.followRedirects;
  if (redirect?.maxRedirects !== undefined) options.maxRedirects = redirect.maxRedirects;
  if (typeof o.timeout === 'number') options.timeoutMs = o.timeout;
  if (typeof o.allowUnauthorizedCerts === 'boolean') options.insecure = o.allowUnauthorizedCerts;
  if (typeof o.proxy === 'string') options.proxy = o.proxy;
  const fullResponse = (o.response as { response?: { fullResponse?: boolean } } | undefined)?.response?.fullResponse;
  if (fullResponse !== undefined) options.fullResponse = fullResponse;
  return createRequestSpec({
    method: p.method.toUpperCase() as RequestSpec['method'],
    url: url || 'https://',
    query,
    headers,
    body,
    auth,
    options,
    ...(node.name && node.name !== 'HTTP Request' ? { name: node.name } : {}),
    ...(node.notes ? { description: node.notes } : {}),
  });
}

function authFromNode(authentication: string, generic: string | undefined): RequestAuth {
  if (authentication !== 'genericCredentialType') return { type: 'none' };
  const k = CREDENTIAL_PLACEHOLDERS;
  switch (generic) {
    case 'httpBasicAuth':
      return { type: 'basic', username: k.username, password: k.password };
    case 'httpBearerAuth':
      return { type: 'bearer', token: k.token };
    case 'httpHeaderAuth':
      return { type: 'apiKeyHeader', name: k.headerName, value: k.key };
    case 'httpQueryAuth':
      return { type: 'apiKeyQuery', name: k.queryName, value: k.key };
    case 'oAuth2Api':
      return { type: 'oauth2', scopes: [] };
    default:
      return { type: 'none' };
  }
}

function pairsFromJson(json: string | undefined): Pair[] {
  try {
    const value = JSON.parse(json ?? '{}') as Record<string, unknown>;
    return Object.entries(value).map(([name, v]) => ({ name, value: text(v) }));
  } catch {
    return [];
  }
}
