// The overlay's content script is injected into every n8n page the user enables: it must stay
// small and must not carry the request core's heavy parsers (loaded lazily by the builder).
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const OUTPUT = resolve(import.meta.dirname, '../../.output');

describe.each(['chrome-mv3', 'firefox-mv3'])('the %s build', (target) => {
  const dir = join(OUTPUT, target);
  const read = (file: string) => readFileSync(join(dir, file), 'utf8');

  it('has a content script without curlconverter, tree-sitter or the OpenAPI parser, under 15 KB gzipped', () => {
    expect(existsSync(join(dir, 'content-scripts/n8n.js')), `build first: npm test does (${dir})`).toBe(true);
    const script = read('content-scripts/n8n.js');
    // Strings each library carries in its built code (the overlay's own words, like "OpenAPI" in
    // the i18n table, are fine).
    for (const marker of ['tree-sitter', 'curlconverter', 'swagger', 'MiniSearch:', 'x-scalar']) expect(script).not.toContain(marker);
    expect(gzipSync(script).length).toBeLessThanOrEqual(15 * 1024);
  });

  it('keeps the panel UI (React, zustand, the virtualiser) in its own script, injected once the overlay mounts', () => {
    const script = read('content-scripts/n8n.js');
    const ui = read('debugger-ui.js');
    // Markers from react-dom, zustand's store, @tanstack/virtual-core and the panel's own markup.
    for (const marker of ['react.element', 'getInitialState', 'measureElement', 'execution-list']) {
      expect(ui).toContain(marker);
      expect(script).not.toContain(marker);
    }
    // Not web-accessible: pages cannot load it; the background injects it into the overlay's world.
    expect(read('manifest.json')).not.toContain('debugger-ui');
  });

  it('ships the parser WebAssembly and allows it only on extension pages', () => {
    expect(existsSync(join(dir, 'tree-sitter.wasm'))).toBe(true);
    expect(existsSync(join(dir, 'tree-sitter-bash.wasm'))).toBe(true);
    const manifest = JSON.parse(read('manifest.json')) as { content_security_policy: { extension_pages: string } };
    expect(manifest.content_security_policy.extension_pages).toContain("'wasm-unsafe-eval'");
  });

  it('keeps the parsers out of the popup until the builder asks for them', () => {
    const popupHtml = read('popup.html');
    const entry = /src="\/?(chunks\/popup-[^"]+\.js)"/.exec(popupHtml)?.[1];
    expect(entry).toBeDefined();
    // Every chunk the popup loads up front (its entry and what it imports statically, transitively).
    const loaded = new Set<string>();
    const visit = (chunk: string) => {
      if (loaded.has(chunk)) return;
      loaded.add(chunk);
      for (const [, next] of read(chunk).matchAll(/(?:from|import)\s*"\.\/([\w.-]+\.js)"/g)) visit(`chunks/${next}`);
    };
    visit(entry!);
    for (const chunk of loaded) expect(read(chunk), chunk).not.toContain('tree-sitter');
    // The paste importer (curlconverter's tree-sitter parser) is a dynamic import of one of them.
    const lazy = [...loaded].flatMap((chunk) => [...read(chunk).matchAll(/import\(`\.\/([\w.-]+\.js)`\)/g)].map((m) => `chunks/${m[1]}`));
    expect(lazy.some((chunk) => read(chunk).includes('tree-sitter'))).toBe(true);
  });
});
