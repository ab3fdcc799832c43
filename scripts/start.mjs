#!/usr/bin/env node
// `npm start`: install what is missing, build the extension for Chrome and Firefox, start the server.
// With no DATABASE_URL / REDIS_URL the server runs on its embedded store: no Postgres or Redis needed.
import { ensureDependencies, ensureModernNode, pnpm, runScript } from './lib/toolchain.mjs';

await ensureModernNode();

await runScript(async () => {
  ensureDependencies();
  // --silent: the build prints its own few lines (bundler output goes to extension/.output/build.log).
  pnpm(['--silent', '--filter', '@ai-http/extension', 'build:all', '--release'], {
    what: 'building the extension',
    hint: 'run `pnpm --filter @ai-http/extension build` to see the full error',
  });
  const { main } = await import('../server/src/main.ts');
  await main();
});
