import { describe, expect, it } from 'vitest';
import { directionOf, MESSAGE_KEYS, translator } from './i18n.ts';

describe('i18n', () => {
  const en = translator('en');
  const ar = translator('ar');
  it('ships Arabic for every string, with placeholders kept', () => {
    expect(MESSAGE_KEYS.length).toBeGreaterThan(50);
    for (const key of MESSAGE_KEYS) {
      const translated = ar(key);
      const original = en(key);
      const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      // A plural form for one or two may say the number in words ("تنفيذان").
      if (!/_(one|two|zero)$/.test(key)) expect(placeholders(translated), key).toEqual(placeholders(original));
      // Product and format names (cURL, OpenAPI) stay as they are; everything else is Arabic.
      if (!['builderFormat_curl', 'builderFormat_fetch', 'builderBody_json', 'builderView_openapi'].includes(key)) expect(translated, key).toMatch(/[\u0600-\u06FF]/);
    }
  });

  it('falls back to English for unknown languages, and fills placeholders', () => {
    expect(translator('xx')('popupEnable')).toBe('Enable on this site');
    expect(ar('popupSiteEnabled', { site: 'n8n.example.com' })).toContain('n8n.example.com');
  });

  it('picks plural forms by Intl.PluralRules in each language', () => {
    expect(en('launcherFailures', { count: 1 })).toBe('1 failed execution in this workflow');
    expect(en('launcherFailures', { count: 3 })).toBe('3 failed executions in this workflow');
    expect(ar('launcherFailures', { count: 2 })).toBe('تنفيذان فاشلان في سير العمل هذا');
    expect(ar('launcherFailures', { count: 5 })).toBe('5 تنفيذات فاشلة في سير العمل هذا');
    expect(ar('launcherFailures', { count: 11 })).toBe('11 تنفيذًا فاشلًا في سير العمل هذا');
    expect(ar('launcherFailures', { count: 100 })).toBe('100 تنفيذ فاشل في سير العمل هذا');
  });

  it('lays Arabic out right to left', () => {
    expect(directionOf('ar')).toBe('rtl');
    expect(directionOf('ar-EG')).toBe('rtl');
    expect(directionOf('en-US')).toBe('ltr');
  });
});
