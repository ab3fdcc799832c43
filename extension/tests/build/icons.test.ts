// @vitest-environment node
// The committed PNGs are what the stores and the toolbar show: they must be every size both
// stores ask for, and still be what their SVG sources render to (someone who edits the SVG and
// forgets `node scripts/render-icons.ts` finds out here).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ICON_DIR, ICON_SIZES, renderIcons } from '../../scripts/render-icons.ts';

/** Width and height from a PNG's IHDR chunk, which always follows the 8-byte signature. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('the extension icons', () => {
  const rendered = renderIcons();

  it.each(ICON_SIZES)('public/icon/%i.png is square at its size and matches its SVG source', (size) => {
    const committed = readFileSync(join(ICON_DIR, `${size}.png`));
    expect(pngSize(committed)).toEqual({ width: size, height: size });
    expect(committed.equals(rendered.get(size)!), `re-run node scripts/render-icons.ts and commit public/icon/${size}.png`).toBe(true);
  });
});
