import { describe, expect, it } from 'vitest';
import { ERROR_CATEGORIES } from '../src/n8n/digest-schema.ts';
import { answerExcerpt } from '../src/n8n/digest.ts';
import { KNOWLEDGE, KNOWLEDGE_AR, knowledgeIn } from '../src/n8n/error-knowledge.ts';

describe('the offline knowledge base in Arabic', () => {
  it('has every entry, fix for fix, in Arabic script', () => {
    for (const category of ERROR_CATEGORIES) {
      expect(KNOWLEDGE_AR[category].fixes.length, category).toBe(KNOWLEDGE[category].fixes.length);
      for (const text of [KNOWLEDGE_AR[category].explanation, ...KNOWLEDGE_AR[category].fixes]) expect(text, category).toMatch(/[\u0600-\u06FF]{3}/);
    }
  });

  it('translates the base\'s own words only, and leaves English and an LLM\'s words alone', () => {
    const offline = { error: { category: 'not_found' as const }, explanation: KNOWLEDGE.not_found.explanation, fixes: KNOWLEDGE.not_found.fixes };
    expect(knowledgeIn('ar', offline)).toEqual(KNOWLEDGE_AR.not_found);
    expect(knowledgeIn('ar-EG', offline).explanation).toBe(KNOWLEDGE_AR.not_found.explanation);
    expect(knowledgeIn('en', offline)).toEqual({ explanation: offline.explanation, fixes: offline.fixes });
    const llm = { ...offline, explanation: 'The customer id came from an earlier step that returned nothing.', fixes: ['Check the Lookup node.'] };
    expect(knowledgeIn('ar', llm)).toEqual({ explanation: llm.explanation, fixes: llm.fixes });
  });
});

describe('the API\'s own answer in a failure', () => {
  // As n8n 2.40.7 keeps it for an HTTP Request node that got a 404 (read from a real execution).
  const error = {
    name: 'NodeApiError',
    message: 'The resource you are requesting could not be found',
    description: 'No such customer: cus_missing',
    httpCode: '404',
    messages: ['404 - "{\\"error\\":{\\"message\\":\\"No such customer: cus_missing\\",\\"type\\":\\"invalid_request_error\\"},\\"api_key\\":\\"sk_live_abc\\"}"'],
  };

  it('is kept as pretty JSON with secret-looking values redacted', () => {
    const body = answerExcerpt(error)!;
    expect(JSON.parse(body)).toEqual({ error: { message: 'No such customer: cus_missing', type: 'invalid_request_error' }, api_key: '[redacted]' });
    expect(body).not.toContain('sk_live_abc');
  });

  it('keeps a text answer as text, cut to an excerpt, and is null when n8n kept none', () => {
    expect(answerExcerpt({ messages: [`502 - ${'<html>bad gateway</html>'.repeat(100)}`] })).toMatch(/^<html>bad gateway<\/html>[\s\S]{1000,}…$/);
    expect(answerExcerpt({ message: 'connect ECONNREFUSED 127.0.0.1:9' })).toBeNull();
  });
});
