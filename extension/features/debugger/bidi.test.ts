import { describe, expect, it } from 'vitest';
import { latinRuns } from './bidi.tsx';

describe('Latin runs in Arabic text', () => {
  it('isolates setting names, keeping the sentence\'s punctuation and brackets outside', () => {
    expect(latinRuns('فعّل Settings → Retry On Fail (ثلاث محاولات، و5000 ms بين المحاولات).').filter((p) => p.latin).map((p) => p.text)).toEqual(['Settings → Retry On Fail', '5000 ms']);
    expect(latinRuns('رفضت الواجهة الطلب (HTTP 401 أو 403).').filter((p) => p.latin).map((p) => p.text)).toEqual(['HTTP 401', '403']);
  });

  it('keeps an expression whole, brackets and all', () => {
    const runs = latinRuns('احمِ التعبير، مثلًا {{ $("Node").isExecuted ? $("Node").item.json.id : "" }}.').filter((p) => p.latin);
    expect(runs.map((p) => p.text)).toEqual(['{{ $("Node").isExecuted ? $("Node").item.json.id : "" }}']);
  });

  it('gives back the whole text, piece by piece', () => {
    const text = 'تحقق من حقل URL: المسار.';
    expect(latinRuns(text).map((p) => p.text).join('')).toBe(text);
  });
});
