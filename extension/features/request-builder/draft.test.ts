import { createRequestSpec } from '@ai-http/shared/request/spec';
import { describe, expect, it } from 'vitest';
import { draftFields, draftOf, forNode, jsonProblem, liftUrlCredentials, planSend, requestProblems } from './draft.ts';
import { sitePattern } from '../../common/site-pattern.ts';
import { covers } from './site-permission.ts';

const request = (input: Partial<Parameters<typeof createRequestSpec>[0]> = {}) => createRequestSpec({ method: 'POST', url: 'https://api.example.com/v1/users/{{id}}', ...input });

describe('the draft', () => {
  it('asks for placeholders and n8n expression samples, and blocks a send until the required ones are filled', () => {
    const draft = draftOf(request({ query: [{ name: 'expand', value: '{{expand}}' }], headers: [{ name: 'X-Trace', value: '={{ $json.trace }}' }] }));
    expect(draftFields(draft).map((f) => [f.name, f.where, f.required])).toEqual([
      ['id', 'path', true],
      ['expand', 'query', false],
      ['={{ $json.trace }}', 'body', true],
    ]);
    const blocked = planSend(draft);
    expect(blocked.ok).toBe(false);
    expect(!blocked.ok && blocked.problems.join(' ')).toMatch(/"id".*"={{ \$json.trace }}"/);
    const sent = planSend({ ...draft, values: { id: '42', expand: 'all', '={{ $json.trace }}': 't-1' } });
    expect(sent.ok && [sent.request.url, sent.request.query, sent.request.headers]).toEqual(['https://api.example.com/v1/users/42', [{ name: 'expand', value: 'all' }], [{ name: 'X-Trace', value: 't-1' }]]);
  });

  it('fills JSON bodies with escaped values, so the body stays JSON', () => {
    const draft = draftOf(request({ url: 'https://api.example.com', body: { mode: 'json', text: '{"prompt":"{{prompt}}"}' } }), { values: { prompt: 'say "hi"\nthen stop' } });
    const sent = planSend(draft);
    expect(sent.ok && JSON.parse(sent.ok && sent.request.body.mode === 'json' ? sent.request.body.text : '')).toEqual({ prompt: 'say "hi"\nthen stop' });
  });

  it('keeps unfilled placeholders for the node (they become expressions) and n8n expressions as they are', () => {
    const draft = draftOf(request({ headers: [{ name: 'X-Trace', value: '={{ $json.trace }}' }] }), { values: { '={{ $json.trace }}': 'sample' } });
    const node = forNode(draft);
    expect(node.url).toBe('https://api.example.com/v1/users/{{id}}');
    expect(node.headers[0]!.value).toBe('={{ $json.trace }}');
    expect(forNode({ ...draft, values: { id: '7' } }).url).toBe('https://api.example.com/v1/users/7');
  });

  it('refuses non-HTTP schemes, broken URLs and headers with line breaks or bad names', () => {
    expect(requestProblems(request({ url: 'ftp://x.example.com/a' })).join()).toMatch(/not ftp:/);
    expect(requestProblems(request({ url: 'not a url' })).join()).toMatch(/not a full address/);
    expect(requestProblems(request({ url: 'https://x.example.com', headers: [{ name: 'X-Note', value: 'a\r\nInjected: 1' }] })).join()).toMatch(/X-Note.*line break/);
    expect(requestProblems(request({ url: 'https://x.example.com', headers: [{ name: 'Bad Name', value: 'x' }] })).join()).toMatch(/not a valid header name/);
    expect(requestProblems(request({ url: 'https://x.example.com' }))).toEqual([]);
  });

  it('moves credentials out of the URL into basic auth', () => {
    const { request: moved, moved: was } = liftUrlCredentials(request({ url: 'https://ann:p%40ss@api.example.com/v1' }));
    expect(was).toBe(true);
    expect(moved.url).toBe('https://api.example.com/v1');
    expect(moved.auth).toEqual({ type: 'basic', username: 'ann', password: 'p@ss' });
    expect(liftUrlCredentials(request({ url: 'https://api.example.com/a@b' })).moved).toBe(false);
  });

  it('validates JSON live, accepting placeholders as values', () => {
    expect(jsonProblem('{"a": {{count}}, "b": "{{name}}"}')).toBeNull();
    expect(jsonProblem('{"a": 1,}')).toMatch(/JSON|position|token/i);
    expect(jsonProblem('')).toBeNull();
  });
});

describe('site permissions for a send', () => {
  it('matches a site against granted patterns', () => {
    expect(sitePattern('http://127.0.0.1:8080/a?b')).toBe('http://127.0.0.1/*');
    expect(covers(['http://127.0.0.1/*'], 'http://127.0.0.1/*')).toBe(true);
    expect(covers(['https://*.app.n8n.cloud/*'], 'https://team.app.n8n.cloud/*')).toBe(true);
    expect(covers(['https://*.app.n8n.cloud/*'], 'https://evil.example/*')).toBe(false);
    expect(covers(['https://api.example.com/*'], 'http://api.example.com/*')).toBe(false);
    expect(covers(['*://*/*'], 'https://x.io/*')).toBe(true);
    expect(covers([], 'https://x.io/*')).toBe(false);
  });
});
