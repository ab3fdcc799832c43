// Builds the extension for Chrome (MV3) and Firefox (MV3), plus the end-to-end variants that
// declare the loopback test origin up front (see wxt.config.ts). Each build takes about a second.
import { spawnSync } from 'node:child_process';

const E2E_ORIGINS = 'http://127.0.0.1/*';
const builds = [
  { label: 'chrome-mv3', args: [] },
  { label: 'firefox-mv3', args: ['-b', 'firefox', '--mv3'] },
  { label: 'e2e/chrome-mv3', args: [], env: { AIHTTP_E2E_ORIGINS: E2E_ORIGINS } },
  { label: 'e2e/firefox-mv3', args: ['-b', 'firefox', '--mv3'], env: { AIHTTP_E2E_ORIGINS: E2E_ORIGINS } },
];

// `--release` (npm start) builds only what a user loads; npm test builds the e2e variants too.
const release = process.argv.includes('--release');

for (const build of builds.filter((b) => !release || !b.env)) {
  const env = { ...process.env, AIHTTP_E2E_ORIGINS: '', ...build.env };
  const result = spawnSync('wxt', ['build', ...build.args], { stdio: ['ignore', 'pipe', 'inherit'], env, shell: false, timeout: 5 * 60_000 });
  if (result.status !== 0) {
    process.stdout.write(result.stdout ?? '');
    console.error(`[ai-http] ERROR: the ${build.label} build failed (exit ${result.status ?? result.signal}).`);
    process.exit(1);
  }
  console.log(`[ai-http] built extension/.output/${build.label}`);
}
