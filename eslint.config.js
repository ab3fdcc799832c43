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
  {
    files: ['extension/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.webextensions } },
  },
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
