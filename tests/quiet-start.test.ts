// `npm start` prints the few lines a user needs: the extension's release build says one line per
// browser, and the bundler's own output goes to extension/.output/build.log, which holds no
// warning from this project's code (no [EVAL], no Node built-ins externalized).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const extension = join(root, 'extension');

describe('a quiet start', () => {
  it('builds the release extension in two lines, with the bundler\'s output in a log file', () => {
    const result = spawnSync(process.execPath, ['scripts/build-all.mjs', '--release'], {
      cwd: extension,
      encoding: 'utf8',
      env: { ...process.env, PATH: `${join(extension, 'node_modules', '.bin')}${delimiter}${process.env.PATH}` },
      timeout: 5 * 60_000,
    });
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout.trim().split('\n')).toEqual(['[ai-http] built extension/.output/chrome-mv3', '[ai-http] built extension/.output/firefox-mv3']);
    const log = readFileSync(join(extension, '.output', 'build.log'), 'utf8');
    expect(log).toContain('# chrome-mv3');
    expect(log).toContain('# firefox-mv3');
    expect(log).not.toMatch(/\[EVAL\]|externalized for browser compatibility|warning/i);
  }, 300_000);
});
