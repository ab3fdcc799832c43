import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toCurl } from '../src/curl/export.ts';
import { importCurl } from '../src/curl/import.ts';
import { CREDENTIAL_PLACEHOLDERS, fromHttpRequestNode, toClipboardWorkflow, toHttpRequestNode } from '../src/n8n/http-request-node.ts';
import { createRequestSpec, HTTP_METHODS, type RequestSpec } from '../src/request/spec.ts';

describe('toHttpRequestNode', () => {
  it('keeps a JSON body exact, so nesting and big numbers survive', () => {
    const text = '{"order":{"id":12345678901234567890,"lines":[{"sku":"A-1","qty":2}]},"total":19.90}';
    const { node } = toHttpRequestNode(createRequestSpec({ method: 'POST', url: 'https://api.example.com/orders', body: { mode: 'json', text } }));
    expect(node).toMatchObject({ type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, name: 'HTTP Request' });
    expect(node.parameters).toMatchObject({ method: 'POST', sendBody: true, contentType: 'json', specifyBody: 'json', jsonBody: text });
  });

  it('writes form fields and query rows as keypair rows, in order', () => {
    const spec = createRequestSpec({ method: 'POST', url: 'https://x.test/a', query: [{ name: 'tag', value: 'a' }, { name: 'page', value: '2' }], body: { mode: 'form', fields: [{ name: 'n', value: '1' }] } });
    const { node } = toHttpRequestNode(spec);
    expect(node.parameters).toMatchObject({
      sendQuery: true,
      specifyQuery: 'keypair',
      queryParameters: { parameters: [{ name: 'tag', value: 'a' }, { name: 'page', value: '2' }] },
      contentType: 'form-urlencoded',
      specifyBody: 'keypair',
      bodyParameters: { parameters: [{ name: 'n', value: '1' }] },
    });
  });

  it.each([
    ['-u', `curl https://x.test -u ada:s3cret`, 'httpBasicAuth', /Basic Auth/],
    ['an Authorization header', `curl https://x.test -H 'Authorization: Bearer tok_1'`, 'httpBearerAuth', /Bearer Auth/],
    ['an API-key header', `curl https://x.test -H 'X-API-Key: k_1'`, 'httpHeaderAuth', /Header Auth.*Name "X-API-Key"/],
    ['an API-key query parameter', `curl 'https://x.test?api_key=k_1'`, 'httpQueryAuth', /Query Auth.*Name "api_key"/],
  ])('moves a secret from %s into a credential and names it', (_from, curl, genericAuthType, warning) => {
    const { node, warnings } = toHttpRequestNode(importCurl(curl).request);
    expect(node.parameters).toMatchObject({ authentication: 'genericCredentialType', genericAuthType });
    expect(JSON.stringify(node)).not.toMatch(/s3cret|tok_1|k_1|YWRhOnMzY3JldA/);
    expect(warnings.join('\n')).toMatch(warning);
  });

  it('keeps secrets inline only when asked, and warns', () => {
    const { node, warnings } = toHttpRequestNode(importCurl(`curl https://x.test -H 'Authorization: Bearer tok_1'`).request, { inlineSecrets: true });
    expect(node.parameters).toMatchObject({ sendHeaders: true, headerParameters: { parameters: [{ name: 'Authorization', value: 'Bearer tok_1' }] } });
    expect(node.parameters.authentication).toBeUndefined();
    expect(warnings.join(' ')).toMatch(/anyone who sees the workflow/);
  });

  it('maps options to the node settings', () => {
    const { node } = toHttpRequestNode(importCurl(`curl -L --max-redirs 3 -k -m 2.5 -x http://p:1 -i https://x.test`).request);
    expect(node.parameters.options).toEqual({ redirect: { redirect: { followRedirects: true, maxRedirects: 3 } }, timeout: 2500, allowUnauthorizedCerts: true, proxy: 'http://p:1', response: { response: { fullResponse: true } } });
  });
});

it('keeps repeated query keys repeated by putting them in the URL (n8n keeps only the last keypair row)', () => {
  const spec = createRequestSpec({ method: 'GET', url: 'https://x.test/a', query: [{ name: 'tag', value: 'a b' }, { name: 'tag', value: 'c' }] });
  const { node } = toHttpRequestNode(spec);
  expect(node.parameters.url).toBe('https://x.test/a?tag=a+b&tag=c');
  expect(node.parameters.sendQuery).toBeUndefined();
  expect(fromHttpRequestNode(node)).toEqual(spec);
});

describe('toClipboardWorkflow', () => {
  it('returns what the editor imports on paste: nodes and connections, side by side', () => {
    const a = toHttpRequestNode(createRequestSpec({ method: 'GET', url: 'https://a.test', name: 'Get A' })).node;
    const b = toHttpRequestNode(createRequestSpec({ method: 'GET', url: 'https://b.test', name: 'Get B' })).node;
    const clip = toClipboardWorkflow([a, b]);
    expect(Object.keys(clip)).toEqual(['nodes', 'connections']);
    expect(clip.connections).toEqual({});
    expect(clip.nodes.map((n) => [n.name, n.position])).toEqual([['Get A', [0, 0]], ['Get B', [220, 0]]]);
  });
});

describe('back out of a node: fromHttpRequestNode and toCurl', () => {
  it('turns a node with a credential into cURL with placeholders for the secret', () => {
    const { node } = toHttpRequestNode(importCurl(`curl https://api.example.com/x -H 'X-API-Key: k_1' -d a=1`).request);
    const curl = toCurl(fromHttpRequestNode(node));
    expect(curl).toContain(`-H '${CREDENTIAL_PLACEHOLDERS.headerName}: ${CREDENTIAL_PLACEHOLDERS.key}'`);
    expect(curl).not.toContain('k_1');
    expect(importCurl(curl).request.body).toEqual({ mode: 'form', fields: [{ name: 'a', value: '1' }] });
  });

  it('reads nodes written by hand in n8n: JSON query and headers, keypair JSON body', () => {
    const spec = fromHttpRequestNode({
      parameters: { method: 'POST', url: 'https://x.test', sendQuery: true, specifyQuery: 'json', jsonQuery: '{"a":"1"}', sendHeaders: true, specifyHeaders: 'json', jsonHeaders: '{"X-Y":"z"}', sendBody: true, bodyParameters: { parameters: [{ name: 'k', value: 'v' }] }, options: {} },
    });
    expect(spec).toMatchObject({ method: 'POST', query: [{ name: 'a', value: '1' }], headers: [{ name: 'X-Y', value: 'z' }], body: { mode: 'json', text: '{"k":"v"}' } });
  });
});

// Everything an HTTP Request node can hold: no multipart file names or content types, no
// binary file name (the node reads those from the incoming item), no auth values (they live in
// a credential, tested above).
const token = fc.stringMatching(/^[A-Za-z][\w-]{0,11}$/);
const text = fc.string({ maxLength: 20 });
const pair = fc.record({ name: token, value: text });
const json = fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v));
const body = fc.oneof(
  fc.constant({ mode: 'none' as const }),
  json.map((t) => ({ mode: 'json' as const, text: t })),
  fc.array(pair, { maxLength: 4 }).map((fields) => ({ mode: 'form' as const, fields })),
  fc.array(fc.oneof(pair.map((p) => ({ kind: 'text' as const, ...p })), fc.record({ kind: fc.constant('file' as const), name: token, binaryProperty: token })), { maxLength: 4 }).map((parts) => ({ mode: 'multipart' as const, parts })),
  fc.record({ mode: fc.constant('raw' as const), contentType: fc.constantFrom('text/xml', 'text/plain', 'application/graphql'), text }),
  fc.record({ mode: fc.constant('binary' as const), binaryProperty: token }),
);
const options = fc.record(
  { followRedirects: fc.boolean(), timeoutMs: fc.integer({ min: 1, max: 600_000 }), insecure: fc.boolean(), proxy: fc.constant('http://proxy.test:3128'), fullResponse: fc.boolean() },
  { requiredKeys: [] },
);
const spec = fc
  .record({
    method: fc.constantFrom(...HTTP_METHODS),
    url: fc.webUrl({ withQueryParameters: false, withFragments: false }),
    query: fc.array(pair, { maxLength: 4 }),
    headers: fc.array(pair, { maxLength: 4 }),
    body,
    options,
    name: fc.option(token.filter((n) => n !== 'HTTP Request'), { nil: undefined }),
  })
  .map(({ name, ...rest }) => createRequestSpec({ ...rest, ...(name ? { name } : {}) }));

describe('spec → node → spec', () => {
  it('is the identity for everything a node can represent (fast-check)', () => {
    fc.assert(
      fc.property(spec, (original: RequestSpec) => {
        expect(fromHttpRequestNode(toHttpRequestNode(original).node)).toEqual(original);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps the auth kind through a credential, with placeholders for its values', () => {
    fc.assert(
      fc.property(spec, fc.constantFrom('basic', 'bearer', 'apiKeyHeader', 'apiKeyQuery'), (original, kind) => {
        const auth = { basic: { type: 'basic', username: 'u', password: 'p' }, bearer: { type: 'bearer', token: 't' }, apiKeyHeader: { type: 'apiKeyHeader', name: 'X-K', value: 'v' }, apiKeyQuery: { type: 'apiKeyQuery', name: 'k', value: 'v' } }[kind] as RequestSpec['auth'];
        const back = fromHttpRequestNode(toHttpRequestNode({ ...original, auth }).node);
        expect(back.auth.type).toBe(kind);
        expect({ ...back, auth }).toEqual({ ...original, auth });
      }),
      { numRuns: 200 },
    );
  });
});
