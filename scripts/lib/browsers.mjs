// Locates Chromium and Firefox ESR for the end-to-end tests, installing them from apt when we are root.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { log, run } from './toolchain.mjs';

export const BROWSERS = {
  chromium: { package: 'chromium', paths: ['/usr/bin/chromium', '/usr/bin/chromium-browser'], env: 'CHROMIUM_PATH' },
  firefox: { package: 'firefox-esr', paths: ['/usr/bin/firefox-esr', '/usr/bin/firefox'], env: 'FIREFOX_PATH' },
};

export function findBrowser(name) {
  const spec = BROWSERS[name];
  const override = process.env[spec.env];
  if (override) return existsSync(override) ? override : undefined;
  return spec.paths.find((path) => existsSync(path));
}

/**
 * Returns {chromium, firefox} paths. Missing browsers are installed from apt when running as
 * root; otherwise the returned `problems` say how to get them, and the browser tests fail with it.
 */
export function ensureBrowsers() {
  // A browser the user pointed at explicitly (CHROMIUM_PATH / FIREFOX_PATH) is never replaced by apt.
  const missing = Object.keys(BROWSERS).filter((name) => !findBrowser(name) && !process.env[BROWSERS[name].env]);
  const isRoot = process.getuid?.() === 0;
  if (missing.length && isRoot && existsSync('/usr/bin/apt-get')) {
    const packages = missing.map((name) => BROWSERS[name].package);
    log(`installing ${packages.join(' and ')} from apt`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const hint = `run \`apt-get update && apt-get install -y ${packages.join(' ')}\` yourself, or set CHROMIUM_PATH / FIREFOX_PATH`;
    const needsUpdate = spawnSync('apt-cache', ['policy', ...packages], { encoding: 'utf8' }).stdout.includes('Candidate: (none)') || !hasAptLists();
    if (needsUpdate) run('apt-get', ['update', '-qq'], { env, timeoutMs: 10 * 60_000, what: 'apt-get update', hint });
    run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages, 'fonts-dejavu-core'], { env, timeoutMs: 20 * 60_000, what: `apt-get install ${packages.join(' ')}`, hint });
  }
  const found = Object.fromEntries(Object.keys(BROWSERS).map((name) => [name, findBrowser(name)]));
  const problems = Object.entries(found)
    .filter(([, path]) => !path)
    .map(([name]) => describeMissing(name));
  return { ...found, problems };
}

function hasAptLists() {
  const result = spawnSync('sh', ['-c', 'ls /var/lib/apt/lists/*_Packages 2>/dev/null | head -1'], { encoding: 'utf8' });
  return result.stdout.trim().length > 0;
}

function describeMissing(name) {
  const { env, package: pkg } = BROWSERS[name];
  if (process.env[env]) return `${name} was not found at ${env}=${process.env[env]}: fix the path, or unset ${env} to use ${pkg} from apt`;
  return `${name} is not installed: run \`sudo apt-get install -y ${pkg}\` or set ${env}=/path/to/${name}`;
}
