import { describe, expect, it } from 'vitest';
import { ERROR_CATEGORIES } from '../src/n8n/digest-schema.ts';
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
