// Builds the extension for Chrome (MV3) and Firefox (MV3), plus the end-to-end variants that
// declare the loopback test origin up front (see wxt.config.ts). Each build takes about a second.
// The bundler's own output (and any warning) goes to extension/.output/build.log; the console
// gets one line per build, and the log's path when a build warned.
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const E2E_ORIGINS = 'http://127.0.0.1/*';
const builds = [
  { label: 'chrome-mv3', args: [] },
  { label: 'firefox-mv3', args: ['-b', 'firefox', '--mv3'] },
  { label: 'e2e/chrome-mv3', args: [], env: { AIHTTP_E2E_ORIGINS: E2E_ORIGINS } },
  { label: 'e2e/firefox-mv3', args: ['-b', 'firefox', '--mv3'], env: { AIHTTP_E2E_ORIGINS: E2E_ORIGINS } },
];

// `--release` (npm start) builds only what a user loads; npm test builds the e2e variants too.
const release = process.argv.includes('--release');
const extensionDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const log = join(extensionDir, '.output', 'build.log');
mkdirSync(dirname(log), { recursive: true });
writeFileSync(log, '');
let warnings = 0;

for (const build of builds.filter((b) => !release || !b.env)) {
  // NODE_ENV is pinned: inherited from a test runner ("test"), it would bundle React's development
  // build, and the tests would check a bundle no user gets (scripts/package.mjs pins it too).
  const env = { ...process.env, NODE_ENV: 'production', AIHTTP_E2E_ORIGINS: '', ...build.env };
  const result = spawnSync('wxt', ['build', ...build.args], { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', env, shell: false, timeout: 5 * 60_000 });
  appendFileSync(log, `# ${build.label}\n${result.stdout ?? ''}${result.stderr ?? ''}\n`);
  if (result.status !== 0) {
    process.stdout.write(`${result.stdout ?? ''}${result.stderr ?? ''}`);
    console.error(`[ai-http] ERROR: the ${build.label} build failed (exit ${result.status ?? result.signal}).`);
    process.exit(1);
  }
  warnings += (`${result.stdout}\n${result.stderr}`.match(/^.*\b(warn(ing)?|\[EVAL\])\b.*$/gim) ?? []).length;
  console.log(`[ai-http] built extension/.output/${build.label}`);
}
if (warnings) console.log(`[ai-http] the bundler warned ${warnings} time(s): see ${relative(process.cwd(), log)}`);
