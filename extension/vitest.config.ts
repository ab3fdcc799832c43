import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

// Unit tests run against WXT's fakeBrowser (reset before each test); the real browsers are in tests/e2e.
// The design system's tests sit beside its primitives.
export default defineConfig({
  plugins: [WxtVitest({ root: import.meta.dirname })],
  test: {
    name: 'extension',
    include: ['tests/unit/**/*.test.{ts,tsx}', 'design/**/*.test.{ts,tsx}'],
    environment: 'happy-dom',
    // The design system's stylesheets are imported as text (`?inline`) and tested as such.
    css: { include: [/design\/.+\.css/] },
  },
});
