// Renders the toolbar and store icons from their SVG sources in assets/icon/ into public/icon/,
// where WXT finds them and lists them in the manifest. The PNGs are committed (a build needs no
// renderer); tests/build/icons.test.ts renders again and fails if a PNG no longer matches its SVG.
//
//   node scripts/render-icons.ts   (Node 24; npm start and npm test put it on PATH)
import { Resvg } from '@resvg/resvg-js';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const EXTENSION = resolve(import.meta.dirname, '..');
export const ICON_DIR = join(EXTENSION, 'public/icon');

/** Every size Chrome Web Store and addons.mozilla.org ask for; 16 px has its own, simpler drawing. */
export const ICON_SIZES = [16, 32, 48, 96, 128] as const;

export function renderIcons(): Map<number, Buffer> {
  const source = (name: string) => readFileSync(join(EXTENSION, 'assets/icon', name), 'utf8');
  const full = source('icon.svg');
  const small = source('icon-small.svg');
  return new Map(ICON_SIZES.map((size) => [size, new Resvg(size <= 16 ? small : full, { fitTo: { mode: 'width', value: size } }).render().asPng()]));
}

if (import.meta.main) {
  mkdirSync(ICON_DIR, { recursive: true });
  for (const [size, png] of renderIcons()) writeFileSync(join(ICON_DIR, `${size}.png`), png);
  console.log(`[ai-http] wrote ${ICON_SIZES.map((s) => `${s}.png`).join(', ')} to ${ICON_DIR}`);
}
