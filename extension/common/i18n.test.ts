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
      expect(placeholders(translated), key).toEqual(placeholders(original));
      // Product and format names (cURL, OpenAPI) stay as they are; everything else is Arabic.
      if (!['builderFormat_curl', 'builderFormat_fetch', 'builderBody_json', 'builderView_openapi'].includes(key)) expect(translated, key).toMatch(/[\u0600-\u06FF]/);
    }
  });

  it('falls back to English for unknown languages, and fills placeholders', () => {
    expect(translator('xx')('popupEnable')).toBe('Enable on this site');
    expect(ar('popupSiteEnabled', { site: 'n8n.example.com' })).toContain('n8n.example.com');
  });

  it('lays Arabic out right to left', () => {
    expect(directionOf('ar')).toBe('rtl');
    expect(directionOf('ar-EG')).toBe('rtl');
    expect(directionOf('en-US')).toBe('ltr');
  });
});
