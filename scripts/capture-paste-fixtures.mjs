#!/usr/bin/env node
// Records what users paste from browser DevTools, as fixtures for the paste importer
// (shared/src/import): `node scripts/capture-paste-fixtures.mjs`.
//
// 1. Real Chromium and real Firefox ESR (Debian's, through puppeteer-core) send three requests
//    from a page to a local echo server, which keeps exactly what each browser sent (header
//    names, order and values, the body).
// 2. Each recorded request is written out the ways DevTools copies it:
//    - "Copy as cURL" (POSIX) and "Copy as cURL (cmd)" by Firefox's own generator, loaded from the
//      installed Firefox (omni.ja: devtools/client/shared/curl.js, MPL-2.0), run here unchanged;
//    - Chrome's cURL layout (header lines first, `--data-raw` last) with the same escaping
//      functions (they are Chrome's: "Credit: Google DevTools" in that file);
//    - Safari's Web Inspector "Copy as cURL", by WebKit's algorithm (WI.HTTPUtilities' cURL
//      command: always `-X`, `$'…'` quoting for anything but printable ASCII, `[]{}` escaped in
//      the URL, `--data` for forms and `--data-raw` otherwise) re-written here, as no Safari runs
//      on Linux: `node scripts/capture-paste-fixtures.mjs --safari` writes only these, from the
//      recorded requests;
//    - "Copy as fetch" in Chrome's and in Firefox's layout;
//    - the raw HTTP/1.1 request.
// 3. `<browser>-<case>.json` holds what the importer must find: method, URL, query, body.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import vm from 'node:vm';
import { REPO_ROOT, ensureModernNode, runScript } from './lib/toolchain.mjs';

await ensureModernNode();

const CASES = [
  {
    name: 'json',
    path: '/v1/orders?expand%5B%5D=items&limit=2',
    init: { method: 'POST', headers: { authorization: 'Bearer sk_test_4eC39HqLyjWDarjtT1zdp7dc', 'content-type': 'application/json; charset=UTF-8' }, body: JSON.stringify({ order: { id: 21, note: '50% off "today"\nline two', tags: ['a&b', 'c^d'] } }, null, 2) },
  },
  { name: 'form', path: '/v1/customers', init: { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=ada%40example.com&name=Ada+Lovelace' } },
  { name: 'get', path: '/v1/items?tag=a&tag=b&q=caf%C3%A9', init: { method: 'GET', headers: { 'x-api-key': 'key_live_123456' } } },
];

await runScript(async () => {
  const outDir = join(REPO_ROOT, 'shared/tests/fixtures/paste');
  mkdirSync(outDir, { recursive: true });
  if (process.argv.includes('--safari')) return writeSafariCopies(outDir);
  const { Curl, CurlUtils } = loadFirefoxCurl();
  const recorded = [];
  const echo = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      if (req.url === '/') {
        res.writeHead(200, { 'content-type': 'text/html', 'set-cookie': 'session=abc123; Path=/' });
        return res.end('<!doctype html><title>capture</title>');
      }
      const headers = [];
      for (let i = 0; i < req.rawHeaders.length; i += 2) headers.push({ name: req.rawHeaders[i], value: req.rawHeaders[i + 1] });
      recorded.push({ method: req.method, path: req.url, httpVersion: `HTTP/${req.httpVersion}`, headers, body });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
  });
  await new Promise((resolve) => echo.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${echo.address().port}`;
  const puppeteer = createRequire(join(REPO_ROOT, 'extension/package.json'))('puppeteer-core');

  for (const kind of ['chromium', 'firefox']) {
    const profile = mkdtempSync(join(tmpdir(), `ai-http-capture-${kind}-`));
    const browser =
      kind === 'chromium'
        ? await puppeteer.launch({ executablePath: '/usr/bin/chromium', headless: true, pipe: true, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`] })
        : await puppeteer.launch({ browser: 'firefox', executablePath: '/usr/bin/firefox-esr', headless: true, userDataDir: profile });
    const version = await browser.version();
    const page = await browser.newPage();
    await page.goto(`${origin}/`);
    for (const testCase of CASES) {
      recorded.length = 0;
      await page.evaluate(async ({ path, init }) => void (await fetch(path, init)), testCase);
      // Browsers also ask for /favicon.ico; the case's request is the one under /v1/.
      const request = recorded.find((r) => r.path.startsWith('/v1/'));
      if (!request) throw new Error(`${kind} sent no request for ${testCase.path}`);
      const data = { url: `${origin}${request.path}`, method: request.method, headers: request.headers, httpVersion: request.httpVersion, postDataText: request.body || undefined };
      const base = join(outDir, `${kind}-${testCase.name}`);
      writeFileSync(`${base}.curl.txt`, `${Curl.generateCommand(data, 'Linux')}\n`);
      writeFileSync(`${base}.curl-cmd.txt`, `${Curl.generateCommand(data, 'WINNT')}\n`);
      writeFileSync(`${base}.chrome-curl.txt`, `${chromeLayoutCurl(data, CurlUtils)}\n`);
      writeFileSync(`${base}.safari-curl.txt`, `${safariCurl(data)}\n`);
      writeFileSync(`${base}.fetch.txt`, `${kind === 'chromium' ? chromeFetch(data, origin) : firefoxFetch(data, origin)}\n`);
      writeFileSync(`${base}.http.txt`, `${request.method} ${request.path} ${request.httpVersion}\r\n${request.headers.map((h) => `${h.name}: ${h.value}`).join('\r\n')}\r\n\r\n${request.body}`);
      const url = new URL(data.url);
      writeFileSync(
        `${base}.json`,
        `${JSON.stringify({ browser: version, method: request.method, url: `${url.origin}${url.pathname}`, query: [...url.searchParams].map(([name, value]) => ({ name, value })), body: request.body, sent: request.headers }, null, 2)}\n`,
      );
    }
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
    console.log(`[ai-http] recorded ${CASES.length} requests from ${version}`);
  }
  echo.close();
  writeFileSync(join(outDir, 'RECORDED.md'), `Recorded by scripts/capture-paste-fixtures.mjs on ${new Date().toISOString().slice(0, 10)}: requests sent by real Chromium and Firefox ESR, written out the ways DevTools copies them (see the script's header for which generator wrote which file; Safari's layout is WebKit's algorithm re-written, as no Safari runs here).\n`);
});

/** Firefox's DevTools cURL generator, from the installed Firefox, run in a sandbox. */
function loadFirefoxCurl() {
  const dir = mkdtempSync(join(tmpdir(), 'ai-http-omni-'));
  const unzip = spawnSync('unzip', ['-o', '-q', '/usr/lib/firefox-esr/browser/omni.ja', 'chrome/devtools/modules/devtools/client/shared/curl.js', '-d', dir]);
  if (unzip.status !== 0) throw new Error(`could not read Firefox's omni.ja: ${unzip.stderr}`);
  const exports = {};
  vm.runInNewContext(readFileSync(join(dir, 'chrome/devtools/modules/devtools/client/shared/curl.js'), 'utf8'), { exports, Services: { appinfo: { OS: 'Linux' } } });
  rmSync(dir, { recursive: true, force: true });
  return exports;
}

/** Chrome's "Copy as cURL (bash)" layout: URL, headers, then the body. */
function chromeLayoutCurl(data, utils) {
  const parts = [utils.escapeStringPosix(data.url)];
  if (data.method !== 'GET' && !(data.method === 'POST' && data.postDataText)) parts.push(`-X ${data.method}`);
  for (const h of data.headers) if (!/^(host|content-length)$/i.test(h.name)) parts.push(`-H ${utils.escapeStringPosix(`${h.name.toLowerCase()}: ${h.value}`)}`);
  if (data.postDataText) parts.push(`--data-raw ${utils.escapeStringPosix(data.postDataText)}`);
  return `curl ${parts.join(' \\\n  ')}`;
}

/** Safari's "Copy as cURL": WebKit's escaping and layout (see the header). */
function safariCurl(data) {
  const escape = (str) => {
    const escapeCharacter = (x) => {
      const code = x.charCodeAt(0);
      return code < 256 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
    };
    if (/[^\x20-\x7E]|'/.test(str)) {
      return `$'${str.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/!/g, '\\041').replace(/[^\x20-\x7E]/g, escapeCharacter)}'`;
    }
    return `'${str}'`;
  };
  const command = [`curl ${escape(data.url).replace(/[[{}\]]/g, '\\$&')}`, `-X ${escape(data.method)}`];
  for (const h of data.headers) if (!/^(host|content-length)$/i.test(h.name)) command.push(`-H ${escape(`${h.name}: ${h.value}`)}`);
  const contentType = data.headers.find((h) => /^content-type$/i.test(h.name))?.value;
  if (contentType && data.method !== 'GET' && data.postDataText) command.push(`${/^application\/x-www-form-urlencoded\s*(;.*)?$/i.test(contentType) ? '--data' : '--data-raw'} ${escape(data.postDataText)}`);
  return command.join(' \\\n');
}

/** Safari's copies of the requests already recorded (`--safari`). */
function writeSafariCopies(outDir) {
  for (const file of readdirSync(outDir).filter((f) => f.endsWith('.json'))) {
    const capture = JSON.parse(readFileSync(join(outDir, file), 'utf8'));
    const search = new URLSearchParams(capture.query.map((q) => [q.name, q.value])).toString();
    const data = { url: `${capture.url}${search ? `?${search}` : ''}`, method: capture.method, headers: capture.sent, postDataText: capture.body || undefined };
    writeFileSync(join(outDir, file.replace(/\.json$/, '.safari-curl.txt')), `${safariCurl(data)}\n`);
  }
  console.log('[ai-http] wrote Safari\'s copies of the recorded requests');
}

function fetchHeaders(data) {
  return Object.fromEntries(data.headers.filter((h) => !/^(host|content-length|connection|cookie|user-agent|referer|origin|accept-encoding)$/i.test(h.name)).map((h) => [h.name.toLowerCase(), h.value]));
}

/** Chrome's "Copy as fetch". */
function chromeFetch(data, origin) {
  const options = { headers: fetchHeaders(data), referrer: `${origin}/`, body: data.postDataText ?? null, method: data.method, mode: 'cors', credentials: 'include' };
  return `fetch(${JSON.stringify(data.url)}, ${JSON.stringify(options, null, 2)});`;
}

/** Firefox's "Copy as Fetch". */
function firefoxFetch(data, origin) {
  const headers = Object.fromEntries(data.headers.filter((h) => !/^(host|content-length|connection|cookie|accept-encoding|origin|referer)$/i.test(h.name)).map((h) => [h.name, h.value]));
  const options = { credentials: 'include', headers, referrer: `${origin}/`, ...(data.postDataText ? { body: data.postDataText } : {}), method: data.method, mode: 'cors' };
  return `await fetch(${JSON.stringify(data.url)}, ${JSON.stringify(options, null, 4)});`;
}
