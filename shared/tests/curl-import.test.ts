import { describe, expect, it } from 'vitest';
import { importCurl } from '../src/curl/import.ts';
import { AppError } from '../src/errors.ts';

const refusal = (text: string) => {
  try {
    importCurl(text);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('CURL_INVALID');
    return (error as AppError).message;
  }
  throw new Error(`imported: ${text}`);
};

describe('importCurl: the four open n8n import bugs', () => {
  it('n8n #16798: a multi-line JSON body becomes the exact JSON', () => {
    const { request } = importCurl(`curl -X POST https://api.example.com/orders \\
  -H 'Content-Type: application/json' \\
  -d '{
    "customer": {"id": 42, "tags": ["a", "b"]},
    "total": 19.90
  }'`);
    expect(request.body).toEqual({ mode: 'json', text: '{\n    "customer": {"id": 42, "tags": ["a", "b"]},\n    "total": 19.90\n  }' });
  });

  it('n8n #5355: --data-raw from Postman imports', () => {
    const { request } = importCurl(`curl --location 'https://api.example.com/v1/messages' \\
--header 'Content-Type: application/json' \\
--header 'Authorization: Bearer eyJhbGciOi.abc.def' \\
--data-raw '{"to":"+15550100","text":"hi"}'`);
    expect(request.method).toBe('POST');
    expect(request.body).toEqual({ mode: 'json', text: '{"to":"+15550100","text":"hi"}' });
    expect(request.auth).toEqual({ type: 'bearer', token: 'eyJhbGciOi.abc.def' });
    expect(request.options.followRedirects).toBe(true);
  });

  it('n8n #12390: --data-urlencode fields are kept, decoded', () => {
    const { request } = importCurl(`curl https://api.example.com/search --data-urlencode 'q=café & crème' --data-urlencode 'lang=fr' -d page=2`);
    expect(request.body).toEqual({ mode: 'form', fields: [{ name: 'q', value: 'café & crème' }, { name: 'lang', value: 'fr' }, { name: 'page', value: '2' }] });
  });

  it('n8n #22699: a charset on the JSON content type does not corrupt the body', () => {
    const { request } = importCurl(`curl https://api.example.com/notes -H 'Content-Type: application/json; charset=UTF-8' -d '{"title":"Grüße","n":1}'`);
    expect(request.body).toEqual({ mode: 'json', text: '{"title":"Grüße","n":1}' });
    expect(request.headers).toEqual([]);
  });
});

describe('importCurl: what people paste', () => {
  it("reads Chrome's Copy as cURL (bash), keeping browser headers and cookies", () => {
    const { request } = importCurl(`curl 'https://app.example.com/api/graphql' \\
  -H 'accept: */*' \\
  -H 'accept-language: en-US,en;q=0.9' \\
  -H 'content-type: application/json' \\
  -b 'session=abc123; theme=dark' \\
  -H 'origin: https://app.example.com' \\
  -H 'sec-ch-ua: "Chromium";v="156", "Not:A-Brand";v="24"' \\
  -H 'user-agent: Mozilla/5.0 (X11; Linux x86_64)' \\
  --data-raw $'{"query":"{ me { id } }","variables":{"note":"it\\'s"}}'`);
    expect(request.method).toBe('POST');
    expect(request.url).toBe('https://app.example.com/api/graphql');
    expect(JSON.parse((request.body as { text: string }).text)).toEqual({ query: '{ me { id } }', variables: { note: "it's" } });
    expect(request.headers).toContainEqual({ name: 'cookie', value: 'session=abc123; theme=dark' });
    expect(request.headers).toContainEqual({ name: 'sec-ch-ua', value: '"Chromium";v="156", "Not:A-Brand";v="24"' });
  });

  it("reads Firefox's Copy as cURL", () => {
    const { request } = importCurl(`curl 'https://app.example.com/api/items?page=2' --compressed -X PUT -H 'User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0' -H 'Accept: application/json' -H 'Content-Type: application/json' -H 'Connection: keep-alive' --data-raw '{"name":"x"}'`);
    expect(request.method).toBe('PUT');
    expect(request.query).toEqual([{ name: 'page', value: '2' }]);
    expect(request.body).toEqual({ mode: 'json', text: '{"name":"x"}' });
  });

  it("reads Stripe's docs: -u key:, -d rows, -G, <ID> placeholders", () => {
    const created = importCurl(`curl https://api.stripe.com/v1/customers \\
  -u "sk_test_4eC39HqLyjWDarjtT1zdp7dc:" \\
  -d name="Jenny Rosen" \\
  --data-urlencode email="jenny.rosen@example.com" \\
  -d "metadata[order_id]"=6735`);
    expect(created.request.auth).toEqual({ type: 'basic', username: 'sk_test_4eC39HqLyjWDarjtT1zdp7dc', password: '' });
    expect(created.request.body).toEqual({ mode: 'form', fields: [{ name: 'name', value: 'Jenny Rosen' }, { name: 'email', value: 'jenny.rosen@example.com' }, { name: 'metadata[order_id]', value: '6735' }] });
    const listed = importCurl(`curl -G https://api.stripe.com/v1/customers/<CUSTOMER_ID>/sources -u sk_test_123: -d object=card -d limit=3`);
    expect(listed.request.method).toBe('GET');
    expect(listed.request.url).toBe('https://api.stripe.com/v1/customers/<CUSTOMER_ID>/sources');
    expect(listed.request.query).toEqual([{ name: 'object', value: 'card' }, { name: 'limit', value: '3' }]);
    expect(listed.request.body).toEqual({ mode: 'none' });
  });

  it("reads GitHub's docs: -L, several -H, a JSON -d with a <TOKEN>", () => {
    const { request } = importCurl(`curl -L \\
  -X PATCH \\
  -H "Accept: application/vnd.github+json" \\
  -H "Authorization: Bearer <YOUR-TOKEN>" \\
  -H "X-GitHub-Api-Version: 2022-11-28" \\
  https://api.github.com/repos/OWNER/REPO/issues/ISSUE_NUMBER \\
  -d '{"state":"closed","state_reason":"completed"}'`);
    expect(request.method).toBe('PATCH');
    expect(request.auth).toEqual({ type: 'bearer', token: '<YOUR-TOKEN>' });
    expect(request.headers).toEqual([{ name: 'Accept', value: 'application/vnd.github+json' }, { name: 'X-GitHub-Api-Version', value: '2022-11-28' }]);
    expect(request.body).toEqual({ mode: 'json', text: '{"state":"closed","state_reason":"completed"}' });
  });

  it('maps -F, -k, -x, --connect-timeout, -b and --json', () => {
    const multipart = importCurl(`curl -k -x http://proxy.local:3128 --connect-timeout 7 https://upload.example.com/files -F 'file=@./report.pdf;type=application/pdf' -F 'title=Q3'`);
    expect(multipart.request.body).toEqual({ mode: 'multipart', parts: [{ kind: 'file', name: 'file', fileName: 'report.pdf', contentType: 'application/pdf', binaryProperty: 'data' }, { kind: 'text', name: 'title', value: 'Q3' }] });
    expect(multipart.request.options).toEqual({ insecure: true, proxy: 'http://proxy.local:3128', timeoutMs: 7000 });
    expect(multipart.warnings.join(' ')).toMatch(/binary property "data"/);
    const json = importCurl(`curl --json '{"a":[1,2]}' https://api.example.com/x -b 'sid=1'`);
    expect(json.request.body).toEqual({ mode: 'json', text: '{"a":[1,2]}' });
    expect(json.request.headers).toContainEqual({ name: 'Cookie', value: 'sid=1' });
  });

  it('lifts an API key header or query parameter into auth', () => {
    expect(importCurl(`curl https://api.example.com/x -H 'X-API-Key: k_live_1'`).request.auth).toEqual({ type: 'apiKeyHeader', name: 'X-API-Key', value: 'k_live_1' });
    const query = importCurl(`curl 'https://api.example.com/x?api_key=k_1&q=1'`).request;
    expect(query.auth).toEqual({ type: 'apiKeyQuery', name: 'api_key', value: 'k_1' });
    expect(query.query).toEqual([{ name: 'q', value: '1' }]);
  });

  it('keeps a JSON body with an unquoted placeholder as raw text, and says so', () => {
    const { request, warnings } = importCurl(`curl https://api.example.com/x -H 'Content-Type: application/json' -d '{"id": <ID>}'`);
    expect(request.body).toEqual({ mode: 'raw', contentType: 'application/json', text: '{"id": <ID>}' });
    expect(warnings.join(' ')).toMatch(/not valid JSON/);
  });
});

describe('importCurl: bad input gets a clear error, never a half-built request', () => {
  it.each([
    ['empty text', '   ', /empty/],
    ['not a cURL command', 'wget https://example.com', /should start with "curl"/],
    ['an empty curl', 'curl', /no URL/],
    ['an unbalanced quote', `curl 'https://api.example.com/x -H "A: b"`, /unclosed quote/],
    ['a quote that closes too early', `curl 'https://api.example.com/x -H 'A: b`, /not a valid URL/],
    ['an unquoted & in the URL', 'curl https://api.example.com/x?a=1&b=2', /single quotes/],
    ['a method n8n cannot send', 'curl -X PROPFIND https://dav.example.com/', /cannot send PROPFIND/],
    ['a non-HTTP scheme', 'curl ftp://files.example.com/a.txt', /http:\/\/ and https:\/\//],
  ])('%s', (_name, text, message) => {
    expect(refusal(text)).toMatch(message);
  });
});
