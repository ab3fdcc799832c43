// @vitest-environment node
// What a store reviewer gets: `npm run package` builds the three zips into dist/, and this test
// opens them the way the stores do. It checks the manifest fields both stores require, that no
// code can come from anywhere but the package, the permissions against docs/STORE.md, and runs
// `web-ext lint` (what addons.mozilla.org runs on upload) on the Firefox zip.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { ICON_SIZES } from '../../scripts/render-icons.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const DIST = join(ROOT, 'dist');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

type Files = Record<string, Uint8Array>;
interface Manifest {
  manifest_version: number;
  name: string;
  version: string;
  description: string;
  icons?: Record<string, string>;
  action?: { default_popup?: string };
  permissions?: string[];
  host_permissions?: string[];
  optional_host_permissions?: string[];
  web_accessible_resources?: { resources: string[]; matches: string[] }[];
  content_security_policy?: { extension_pages?: string };
  browser_specific_settings?: { gecko?: { id?: string; strict_min_version?: string; data_collection_permissions?: { required?: string[] } } };
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const open = (name: string): Files => unzipSync(readFileSync(join(DIST, name)));
const manifestOf = (files: Files) => JSON.parse(text(files['manifest.json']!)) as Manifest;

/** The permissions docs/STORE.md justifies: the backticked names in its permissions table. */
function documentedPermissions(): string[] {
  const store = readFileSync(join(ROOT, 'docs/STORE.md'), 'utf8');
  const section = store.split(/^## /m).find((s) => s.startsWith('Permissions'));
  expect(section, 'docs/STORE.md has a "## Permissions" section').toBeDefined();
  const rows = section!.split('\n').filter((line) => line.startsWith('| `'));
  return rows.flatMap((row) => [...row.split('|')[1]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!)).sort();
}

// Code that runs something other than the package's own files, or writes HTML from a string.
const UNSAFE_CODE: [string, RegExp][] = [
  ['eval', /(?<![\w$.])eval\s*\(/],
  ['the Function constructor', /(?<![\w$.])Function(?![\w$]|\s*\.)/],
  ['a remote import', /\bimport\s*\(\s*["'`]https?:/],
  ['importScripts', /\bimportScripts\s*\(/],
  ['an HTML sink fed a non-literal', /\.(?:inner|outer)HTML\s*=(?!=)\s*(?!["'`])|\binsertAdjacentHTML\s*\(|\bdocument\.write\s*\(/],
];

beforeAll(() => {
  const run = spawnSync(process.execPath, [join(ROOT, 'scripts/package.mjs')], { cwd: ROOT, encoding: 'utf8', timeout: 5 * 60_000 });
  expect(run.status, `npm run package failed:\n${run.stdout}${run.stderr}`).toBe(0);
}, 5 * 60_000);

describe('npm run package', () => {
  it('writes the Chrome zip, the Firefox zip and the Firefox sources zip into dist/, named by version', () => {
    expect(readdirSync(DIST).sort()).toEqual([`ai-http-${VERSION}-chrome.zip`, `ai-http-${VERSION}-firefox.zip`, `ai-http-${VERSION}-sources.zip`]);
    for (const name of readdirSync(DIST)) expect(statSync(join(DIST, name)).size).toBeGreaterThan(10_000);
  });

  describe.each(['chrome', 'firefox'])('the %s zip', (browser) => {
    const files = () => open(`ai-http-${VERSION}-${browser}.zip`);

    it('has the manifest fields the store requires', () => {
      const zip = files();
      const manifest = manifestOf(zip);
      expect(manifest.manifest_version).toBe(3);
      expect(manifest.version).toBe(VERSION);
      expect(manifest.name.length).toBeGreaterThan(0);
      expect(manifest.name.length).toBeLessThanOrEqual(45); // Chrome cuts names at 45 characters in its UI
      expect(manifest.description.length).toBeGreaterThan(0);
      expect(manifest.description.length).toBeLessThanOrEqual(132); // Chrome Web Store's limit
      expect(manifest.action?.default_popup).toBe('popup.html');
      expect(Object.keys(manifest.icons ?? {}).map(Number).sort((a, b) => a - b)).toEqual([...ICON_SIZES]);
      for (const path of Object.values(manifest.icons!)) expect(zip[path], path).toBeDefined();
      // The product's pages, and no test page.
      expect(Object.keys(zip).filter((path) => path.endsWith('.html')).sort()).toEqual(['builder.html', 'dashboard.html', 'options.html', 'popup.html']);
      // Only the builder page may be framed by n8n pages (the overlay's Builder tab).
      expect(manifest.web_accessible_resources).toEqual([{ resources: ['builder.html'], matches: ['http://*/*', 'https://*/*'] }]);
      if (browser === 'firefox') {
        const gecko = manifest.browser_specific_settings?.gecko;
        expect(gecko?.id).toMatch(/^[\w.-]+@[\w.-]+$/);
        expect(gecko?.data_collection_permissions?.required).toEqual(['none']);
        expect(Number(gecko?.strict_min_version?.split('.')[0])).toBeGreaterThanOrEqual(142);
      } else {
        expect(manifest.browser_specific_settings).toBeUndefined();
      }
    });

    it('asks for exactly the permissions docs/STORE.md justifies, and none of the end-to-end origins', () => {
      const manifest = manifestOf(files());
      expect(manifest.permissions?.sort()).toEqual(['activeTab', 'scripting', 'storage', 'webRequest']);
      expect(manifest.host_permissions).toEqual(['https://*.app.n8n.cloud/*']);
      expect(manifest.optional_host_permissions?.sort()).toEqual(['http://*/*', 'https://*/*']);
      const asked = [...manifest.permissions!, ...manifest.host_permissions!, ...manifest.optional_host_permissions!].sort();
      expect(documentedPermissions()).toEqual(asked);
    });

    it('runs only its own code: a strict CSP, local scripts only, no eval, no Function constructor, no HTML sink', () => {
      const zip = files();
      const csp = manifestOf(zip).content_security_policy?.extension_pages ?? '';
      expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval';");
      expect(csp).toContain("object-src 'none';");
      expect(csp).toContain("base-uri 'none';");
      expect(csp).not.toMatch(/'unsafe-eval'|'unsafe-inline'|https?:|\*/);
      const offences: string[] = [];
      for (const [path, bytes] of Object.entries(zip)) {
        if (path.endsWith('.html')) {
          for (const match of text(bytes).matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) if (!match[1]!.startsWith('/') && !match[1]!.startsWith('./')) offences.push(`${path}: script from ${match[1]}`);
        }
        if (!path.endsWith('.js')) continue;
        const code = text(bytes);
        for (const [what, pattern] of UNSAFE_CODE) {
          const at = code.search(pattern);
          if (at >= 0) offences.push(`${path}: ${what} at …${code.slice(Math.max(0, at - 60), at + 60)}…`);
        }
      }
      expect(offences).toEqual([]);
    });

    it('ships a shell grammar that needs none of the eval the build removed (no EM_ASM or EM_JS in its WebAssembly)', () => {
      const zip = files();
      for (const wasm of ['tree-sitter.wasm', 'tree-sitter-bash.wasm']) {
        const module = new WebAssembly.Module(new Uint8Array(zip[wasm]!));
        const names = [...WebAssembly.Module.exports(module), ...WebAssembly.Module.imports(module)].map((e) => e.name);
        expect(names.filter((name) => /em_asm|em_js|asm_const/i.test(name)), wasm).toEqual([]);
      }
    });
  });

  it('puts the whole repository in the sources zip (shared/ too) and nothing a build or install writes', () => {
    const paths = Object.keys(open(`ai-http-${VERSION}-sources.zip`));
    for (const needed of ['package.json', 'pnpm-lock.yaml', 'pnpm-workspace.yaml', 'README.md', 'docs/STORE.md', 'extension/wxt.config.ts', 'extension/build/strip-unsafe-code.ts', 'scripts/package.mjs']) expect(paths).toContain(needed);
    expect(paths.some((p) => p.startsWith('shared/src/'))).toBe(true);
    expect(paths.filter((p) => /(^|\/)(node_modules|\.output|dist|test-results|\.data)\//.test(p))).toEqual([]);
  });

  it('passes web-ext lint with no errors and no warnings', () => {
    // web-ext exports no package.json; its CLI sits beside its entry module.
    const webExt = join(createRequire(import.meta.url).resolve('web-ext'), '../bin/web-ext.js');
    const lint = spawnSync(process.execPath, [webExt, 'lint', '--source-dir', join(DIST, `ai-http-${VERSION}-firefox.zip`), '--output', 'json', '--no-config-discovery'], { encoding: 'utf8', timeout: 3 * 60_000 });
    const report = JSON.parse(lint.stdout) as { summary: { errors: number; warnings: number }; errors: unknown[]; warnings: unknown[] };
    expect(report.errors).toEqual([]);
    expect(report.warnings).toEqual([]);
    expect(report.summary).toMatchObject({ errors: 0, warnings: 0 });
  }, 3 * 60_000);
});
