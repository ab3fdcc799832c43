#!/usr/bin/env node
// Saves the HTML of the real n8n editor, as the browser has rendered it, for the selector tests:
//   node extension/scripts/capture-n8n-html.mjs [--url http://127.0.0.1:5678 --email … --password …]
// Without --url it starts a throwaway n8n. Writes extension/tests/fixtures/n8n-editor-workflow.html
// (a workflow open on the canvas) and n8n-signin.html (the sign-in page), scripts removed.
/* global document, location -- used inside page.evaluate, which runs in the browser */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '../tests/fixtures');
const args = process.argv.slice(2);
const flag = (name) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : undefined);

let n8n;
let url = flag('url') ?? process.env.N8N_TEST_URL;
let email = flag('email') ?? process.env.N8N_TEST_EMAIL;
let password = flag('password') ?? process.env.N8N_TEST_PASSWORD;
let apiKey = flag('api-key') ?? process.env.N8N_TEST_API_KEY;
if (!url) {
  const lib = await import('../../scripts/lib/n8n.mjs');
  lib.ensureN8n();
  n8n = await lib.startN8n();
  ({ url, apiKey } = n8n);
  ({ email, password } = n8n.owner);
}
const login = await fetch(`${url}/rest/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ emailOrLdapLoginId: email, password }) });
const cookie = login.headers.getSetCookie().find((c) => c.startsWith('n8n-auth='))?.split(';')[0]?.slice('n8n-auth='.length);
if (!cookie) throw new Error(`n8n login failed: ${login.status}`);
const workflow = await (
  await fetch(`${url}/api/v1/workflows`, {
    method: 'POST',
    headers: { 'X-N8N-API-KEY': apiKey, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'AI-HTTP selector capture', nodes: [{ parameters: {}, name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0] }], connections: {}, settings: {} }),
  })
).json();

const browser = await puppeteer.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 800 });
  const save = async (name) => {
    const html = await page.evaluate(() => {
      const copy = document.documentElement.cloneNode(true);
      copy.querySelectorAll('script').forEach((s) => s.remove());
      return `<!doctype html>\n<!-- captured from ${location.pathname} -->\n${copy.outerHTML}`;
    });
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, name), html);
    console.log(`saved ${name} (${(html.length / 1024).toFixed(0)} KB)`);
  };
  await page.goto(`${url}/signin`, { waitUntil: 'networkidle0' });
  await save('n8n-signin.html');
  await browser.setCookie({ name: 'n8n-auth', value: cookie, domain: new URL(url).hostname, path: '/', httpOnly: true, sameSite: 'Lax' });
  await page.goto(`${url}/workflow/${workflow.id}`, { waitUntil: 'networkidle0' });
  await page.waitForSelector('[data-test-id="canvas"]', { timeout: 30_000 });
  await save('n8n-editor-workflow.html');
} finally {
  await browser.close();
  await n8n?.stop();
}
