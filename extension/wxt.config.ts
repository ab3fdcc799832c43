import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'wxt';
import { nodeOnlyImports } from './build/node-only-imports.ts';
import { pageChunks } from './build/page-chunks.ts';
import { stripUnsafeCode } from './build/strip-unsafe-code.ts';

// curlconverter's browser build loads its shell grammar as WebAssembly from the extension's root
// (`/tree-sitter.wasm`, `/tree-sitter-bash.wasm`); copy both from the installed packages.
const fromShared = createRequire(join(dirname(fileURLToPath(import.meta.url)), '../shared/package.json'));
const curlconverterDir = dirname(fromShared.resolve('curlconverter/package.json'));
const webTreeSitterDir = dirname(createRequire(join(curlconverterDir, 'package.json')).resolve('web-tree-sitter/package.json'));
const PARSER_WASM = [
  { absoluteSrc: join(webTreeSitterDir, 'tree-sitter.wasm'), relativeDest: 'tree-sitter.wasm' },
  { absoluteSrc: join(curlconverterDir, 'dist/tree-sitter-bash.wasm'), relativeDest: 'tree-sitter-bash.wasm' },
];

// One version for the extension and the server: the root package.json's (CHANGELOG.md). As
// version_name, so WXT derives the store's numeric `version` from it (a 1.2.0-beta.1 ships as 1.2.0).
const { version: AIHTTP_VERSION } = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../package.json'), 'utf8')) as { version: string };

// End-to-end builds declare the local test origins up front, because an automated browser
// cannot click a permission prompt. Everything else (registration, detection) takes the
// same path as a user's grant. Production builds never set this.
const e2eOrigins = (process.env.AIHTTP_E2E_ORIGINS ?? '').split(',').filter(Boolean);

// Store packages (scripts/package.mjs) ship the product's entrypoints only, not the test pages
// (entrypoints/specs-lab, the OpenAPI import benchmark's and e2e's page; entrypoints/bench-blank).
const PRODUCT_ENTRYPOINTS = ['background', 'n8n', 'popup', 'options', 'builder', 'debugger-ui', 'dashboard'];

export default defineConfig({
  modules: ['@wxt-dev/module-react'],
  ...(process.env.AIHTTP_STORE_BUILD === '1' ? { filterEntrypoints: PRODUCT_ENTRYPOINTS } : {}),
  // Module workers (the OpenAPI import's) are bundled apart by Vite: they get the same patches.
  vite: () => ({ plugins: [nodeOnlyImports(), stripUnsafeCode(), pageChunks()], worker: { plugins: () => [nodeOnlyImports(), stripUnsafeCode()] } }),
  // Firefox is built as MV3 too: optional_host_permissions and scripting.registerContentScripts
  // then work the same in both browsers (WXT's MV2 output would drop optional_host_permissions).
  manifestVersion: 3,
  hooks: {
    'build:publicAssets': (_wxt, files) => {
      files.push(...PARSER_WASM);
    },
  },
  // scripts/package.mjs builds the store zips apart (AIHTTP_OUT_DIR) so a running test keeps its build.
  outDir: process.env.AIHTTP_OUT_DIR || (e2eOrigins.length ? '.output/e2e' : '.output'),
  // `npm run package` (scripts/package.mjs) moves the zips into dist/. The Firefox sources zip is
  // the whole repository (its root, so shared/ is in it) less what a build or a test run writes.
  zip: {
    name: 'ai-http',
    artifactTemplate: '{{name}}-{{version}}-{{browser}}.zip',
    sourcesTemplate: '{{name}}-{{version}}-sources.zip',
    sourcesRoot: '..',
    excludeSources: ['**/node_modules/**', '**/.output/**', '.data/**', 'test-results/**', 'dist/**'],
  },
  manifest: ({ browser }) => ({
    name: 'AI-HTTP for n8n',
    version_name: AIHTTP_VERSION,
    description: 'Live execution debugger and HTTP request builder for n8n.',
    // webRequest (observe only): the builder names why a sent request failed (refused, DNS, TLS).
    permissions: ['storage', 'scripting', 'activeTab', 'webRequest'],
    // Self-hosted n8n can live anywhere: the user grants each origin from a click.
    optional_host_permissions: ['http://*/*', 'https://*/*'],
    // n8n Cloud is the one origin declared up front.
    host_permissions: ['https://*.app.n8n.cloud/*', ...e2eOrigins],
    // The overlay's Builder tab frames the builder page on n8n pages (features/request-builder/index.ts);
    // only the page is exposed, its scripts load from the extension's own origin.
    web_accessible_resources: [{ resources: ['builder.html'], matches: ['http://*/*', 'https://*/*'] }],
    commands: {
      'toggle-overlay': {
        suggested_key: { default: 'Alt+Shift+H' },
        description: 'Show or hide the AI-HTTP panel on an n8n page',
      },
    },
    content_security_policy: {
      // Scripts only from the package itself; curlconverter's tree-sitter parser is WebAssembly,
      // hence 'wasm-unsafe-eval' (no eval). No plugins, no <base> rewriting, no form posts.
      // connect-src stays open: the builder sends requests to any API the user types in.
      extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'none'; form-action 'none';",
    },
    ...(browser === 'firefox' && {
      browser_specific_settings: {
        gecko: {
          id: 'ai-http@ai-http.dev',
          // data_collection_permissions is read from Firefox 140 on desktop and 142 on Android;
          // an older minimum would let a browser install the add-on without showing it.
          strict_min_version: '142.0',
          // AI-HTTP sends nothing to its developers; sync goes only to a server the user configures.
          data_collection_permissions: { required: ['none'] },
        },
      },
    }),
  }),
});
