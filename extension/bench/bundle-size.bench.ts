// Extension bundle sizes per entrypoint, raw and gzipped, for Chrome and Firefox.
// An entrypoint's size counts its own file and every chunk it imports (statically), once.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(ROOT, '.output');

if (!existsSync(join(OUT, 'chrome-mv3', 'manifest.json')) || process.argv.includes('--build')) {
  const built = spawnSync(process.execPath, [join(ROOT, 'scripts/build-all.mjs'), '--release'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, PATH: `${join(ROOT, 'node_modules/.bin')}:${process.env.PATH}` } });
  if (built.status !== 0) throw new Error('extension build failed');
}

// Vite writes dynamic imports with backticks: import(`./chunk.js`).
const IMPORTS = /(?:import|export)\s*(?:[^'"`]*?from\s*)?["']([^"']+\.js)["']|import\(\s*["'`]([^"'`]+\.js)["'`]\s*\)/g;

/** Files an entry loads up front (static imports); dynamic imports are lazy and listed apart. */
function closure(dir: string, entry: string): { eager: Set<string>; lazy: Set<string> } {
  const eager = new Set<string>();
  const lazy = new Set<string>();
  const visit = (file: string) => {
    if (eager.has(file)) return;
    eager.add(file);
    if (!file.endsWith('.js')) return;
    for (const match of readFileSync(join(dir, file), 'utf8').matchAll(IMPORTS)) {
      const target = join(dirname(file), (match[1] ?? match[2])!).replace(/^\/+/, '');
      if (!existsSync(join(dir, target))) continue;
      if (match[2]) lazy.add(target);
      else visit(target);
    }
  };
  if (entry.endsWith('.html')) {
    const html = readFileSync(join(dir, entry), 'utf8');
    for (const m of html.matchAll(/(?:src|href)="\/?([^"]+\.(?:js|css))"/g)) visit(m[1]!);
  } else visit(entry);
  for (const file of eager) lazy.delete(file);
  return { eager, lazy };
}

function sizes(dir: string, files: Iterable<string>) {
  let raw = 0;
  let gz = 0;
  for (const file of files) {
    const content = readFileSync(join(dir, file));
    raw += statSync(join(dir, file)).size;
    gz += gzipSync(content, { level: 9 }).length;
  }
  return { raw, gz };
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

for (const target of ['chrome-mv3', 'firefox-mv3']) {
  const dir = join(OUT, target);
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  const entries: [string, string][] = [
    ['background', manifest.background.service_worker ?? manifest.background.scripts[0]],
    ['popup', manifest.action.default_popup],
    ['options', manifest.options_ui.page],
    ['n8n content script', 'content-scripts/n8n.js'],
    ['debugger panel UI (injected once the overlay mounts)', 'debugger-ui.js'],
    ['dashboard page (uPlot, the cards, the workflows list, the failure view)', 'dashboard.html'],
  ];
  console.log(`\n### ${target}\n\n| entrypoint | raw | gzip | lazy chunks (gzip) |\n| --- | ---: | ---: | ---: |`);
  for (const [label, file] of entries) {
    const { eager, lazy } = closure(dir, file);
    const total = sizes(dir, eager);
    const later = sizes(dir, lazy);
    console.log(`| ${label} | ${kb(total.raw)} | ${kb(total.gz)} | ${lazy.size ? kb(later.gz) : '-'} |`);
  }
}
