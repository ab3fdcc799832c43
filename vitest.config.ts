import { defineConfig } from 'vitest/config';

// One vitest run covers every package; `npm test` adds lint, typecheck and the extension builds.
const serverProject = (store: 'postgres' | 'embedded') => ({
  test: {
    name: `server-${store}`,
    root: './server',
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/cluster.test.ts'],
    env: { AIHTTP_TEST_STORE: store },
    globalSetup: ['tests/setup/stores.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

// Browser end-to-end tests run one file at a time: two cores, one real browser.
const e2eProject = (browser: 'chromium' | 'firefox') => ({
  test: {
    name: `e2e-${browser}`,
    root: './extension',
    include: ['tests/e2e/**/*.e2e.ts'],
    env: { AIHTTP_E2E_BROWSER: browser },
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'repo', root: '.', include: ['tests/**/*.test.ts'], testTimeout: 120_000 } },
      { test: { name: 'shared', root: './shared', include: ['tests/**/*.test.ts'] } },
      serverProject('postgres'),
      serverProject('embedded'),
      // Three server processes on a Postgres and a Redis the suite starts, stops and restarts itself.
      { test: { name: 'server-cluster', root: './server', include: ['tests/cluster.test.ts'], testTimeout: 120_000, hookTimeout: 180_000 } },
      './extension/vitest.config.ts',
      e2eProject('chromium'),
      e2eProject('firefox'),
    ],
  },
});
