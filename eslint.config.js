// One lint setup for the whole workspace; `npm test` runs it with --max-warnings=0.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/.output/**', '**/.wxt/**', '**/dist/**', 'test-results/**', '.data/**', '**/coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  // The n8n hook file is plain CommonJS that n8n require()s.
  { files: ['server/n8n-hook/**/*.js'], languageOptions: { sourceType: 'commonjs' }, rules: { '@typescript-eslint/no-require-imports': 'off' } },
  {
    files: ['extension/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.webextensions } },
  },
  // The extension's runtime worlds (docs/architecture/extension.md): what runs in the n8n tab (content/ and
  // the features' in-page code) never imports background-only code (Dexie, n8n and server clients,
  // credentials), and the background never imports UI.
  ...worldRules({
    'extension/content/**/*.{ts,tsx}': ['background', 'pages'],
    'extension/features/*/!(background)/**/*.{ts,tsx}': ['background', 'pages'],
    'extension/features/*/*.{ts,tsx}': ['background', 'pages'],
    'extension/features/*.ts': ['background', 'pages'],
    'extension/common/**/*.{ts,tsx}': ['background', 'content', 'pages', 'features', 'design'],
    'extension/background/**/*.ts': ['content', 'pages', 'ui'],
    'extension/features/*/background/**/*.ts': ['content', 'pages', 'ui'],
    'extension/pages/**/*.{ts,tsx}': ['content'],
    // The design system serves every surface and knows none of them.
    'extension/design/**/*.{ts,tsx}': ['background', 'content', 'pages', 'features'],
  }),
  {
    // shared/ is the bottom of the house: it may never reach up into the extension or the server.
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@ai-http/server', '@ai-http/server/*', '@ai-http/extension', '@ai-http/extension/*'], message: 'shared/ must not import from server/ or extension/.' },
            { group: ['**/server/**', '**/extension/**', '../../server*', '../../extension*'], message: 'shared/ must not import from server/ or extension/.' },
          ],
        },
      ],
    },
  },
);

/** One no-restricted-imports rule per world: the folders (or UI code) its files may not import. */
function worldRules(worlds) {
  const groups = {
    background: { group: ['**/background/**', '**/background'], message: 'background-only code (Dexie, credentials, n8n and server clients) must not be imported here: ask the background with a typed message.' },
    content: { group: ['**/content/**'], message: 'code of the n8n tab (content/) must not be imported here.' },
    pages: { group: ['**/pages/**'], message: 'extension-page code (pages/) must not be imported here.' },
    features: { group: ['**/features/**'], message: 'common/ is below the features.' },
    design: { group: ['**/design/**'], message: 'common/ is below the design system.' },
    ui: { group: ['*.tsx', '**/*.tsx', 'react', 'react-dom', 'react-dom/*', 'zustand'], message: 'the background draws nothing: no React or UI modules here.' },
  };
  return Object.entries(worlds).map(([files, forbidden]) => ({
    files: [files],
    // Tests may cross worlds: they wire both halves of a feature together on purpose.
    ignores: ['**/*.test.{ts,tsx}', ...(files.includes('features/*/*') || files.includes('!(background)') ? ['extension/features/*/background/**'] : [])],
    rules: { 'no-restricted-imports': ['error', { patterns: forbidden.map((name) => groups[name]) }] },
  }));
}
