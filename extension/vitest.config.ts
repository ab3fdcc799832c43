import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

// Unit tests sit beside the code they test (features/<id>/, background/, content/, …) and run
// against WXT's fakeBrowser (reset before each test); the real browsers are in tests/e2e.
export default defineConfig({
  plugins: [WxtVitest({ root: import.meta.dirname })],
  test: {
    name: 'extension',
    include: ['**/*.test.{ts,tsx}'],
    exclude: ['**/node_modules/**', '.output/**', '.wxt/**', 'tests/e2e/**'],
    environment: 'happy-dom',
    // The design system's stylesheets are imported as text (`?inline`) and tested as such.
    css: { include: [/design\/.+\.css/] },
  },
});
