import { describe, expect, it } from 'vitest';
import { initiallyExpanded, PREVIEW_CHARS, visibleRows } from './json-rows.ts';

describe('JSON as tree rows', () => {
  const items = [{ id: 1, body: { rows: [{ sku: 'A' }, { sku: 'B' }] }, note: null }, 'plain'];

  it('walks only what is expanded, in document order', () => {
    const rows = visibleRows(items, new Set(['$', '$[0]']));
    expect(rows.map((r) => [r.path, r.depth, r.kind, r.size, r.preview])).toEqual([
      ['$', 0, 'array', 2, ''],
      ['$[0]', 1, 'object', 3, ''],
      ['$[0].id', 2, 'value', 0, '1'],
      ['$[0].body', 2, 'object', 1, ''],
      ['$[0].note', 2, 'value', 0, 'null'],
      ['$[1]', 1, 'value', 0, '"plain"'],
    ]);
    const deeper = visibleRows(items, new Set(['$', '$[0]', '$[0].body', '$[0].body.rows']));
    expect(deeper.filter((r) => r.path.startsWith('$[0].body.rows[')).map((r) => r.label)).toEqual(['0', '1']);
  });

  it('costs one row per collapsed item, however large the items are', () => {
    const big = Array.from({ length: 1_000 }, (_, i) => ({ i, payload: 'x'.repeat(10_000) }));
    expect(visibleRows(big, initiallyExpanded(big))).toHaveLength(1_001);
    expect(initiallyExpanded(items)).toEqual(new Set(['$', '$[0]', '$[1]']));
  });

  it('cuts long values in the preview', () => {
    const [, row] = visibleRows(['y'.repeat(5_000)], new Set(['$']));
    expect(row!.preview).toHaveLength(PREVIEW_CHARS + 1);
    expect(row!.preview.endsWith('…')).toBe(true);
  });
});
