#!/usr/bin/env node
// Records real n8n executions as fixtures for the execution digest:
//   node scripts/record-executions.mjs [--url http://127.0.0.1:5678 --api-key …]
// Without --url it starts a throwaway n8n (scripts/lib/n8n.mjs). It creates one workflow per
// case (Webhook → the failing node), triggers it, and saves GET /executions/:id?includeData=true
// into shared/tests/fixtures/executions/<case>.json, with the n8n version alongside.
import { createServer } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { REPO_ROOT, ensureModernNode, runScript } from './lib/toolchain.mjs';

await ensureModernNode();

await runScript(async () => {
  const args = process.argv.slice(2);
  const flag = (name) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : undefined);
  let n8n;
  let url = flag('url') ?? process.env.N8N_TEST_URL;
  let apiKey = flag('api-key') ?? process.env.N8N_TEST_API_KEY;
  if (!url || !apiKey) {
    const { ensureN8n, startN8n } = await import('./lib/n8n.mjs');
    ensureN8n();
    n8n = await startN8n();
    ({ url, apiKey } = n8n);
  }
  const outDir = join(REPO_ROOT, 'shared/tests/fixtures/executions');
  mkdirSync(outDir, { recursive: true });

  // A local API that answers with the status each case needs.
  const api = createServer((req, res) => {
    const status = Number(new URL(req.url, 'http://x').searchParams.get('status') ?? 200);
    res.writeHead(status, { 'content-type': 'application/json', ...(status === 429 ? { 'retry-after': '30' } : {}) });
    res.end(JSON.stringify(status === 200 ? { ok: true, items: [1, 2, 3] } : { error: `status ${status}`, message: status === 401 ? 'Invalid API key' : 'nope' }));
  });
  await new Promise((resolve) => api.listen(0, '127.0.0.1', resolve));
  const apiBase = `http://127.0.0.1:${api.address().port}`;
  const closed = await new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });

  const call = async (path, init = {}) => {
    const res = await fetch(`${url}/api/v1${path}`, { ...init, headers: { 'X-N8N-API-KEY': apiKey, 'content-type': 'application/json', accept: 'application/json' } });
    const text = await res.text();
    if (!res.ok) throw new Error(`n8n ${path} answered ${res.status}: ${text.slice(0, 300)}`);
    return JSON.parse(text);
  };
  const http = (name, target, extra = {}) => ({ parameters: { url: target, options: { timeout: 5000 }, ...extra }, name, type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, position: [220, 0] });
  const cases = {
    'closed-port': [http('Call API', `http://127.0.0.1:${closed}/orders`)],
    'http-401': [http('Call API', `${apiBase}/orders?status=401`, { sendHeaders: true, headerParameters: { parameters: [{ name: 'Authorization', value: 'Bearer sk_live_recorded_secret' }] } })],
    'http-404': [http('Get Order', `${apiBase}/orders/42?status=404`)],
    'http-429': [http('Call API', `${apiBase}/orders?status=429`)],
    'code-error': [{ parameters: { jsCode: 'const items = $input.all();\nreturn items.map((item) => ({ json: { total: item.json.body.order.total.toFixed(2) } }));' }, name: 'Compute Total', type: 'n8n-nodes-base.code', typeVersion: 2, position: [220, 0] }],
    // 'Lookup Customer' is on the canvas but not connected, so it never runs.
    'expression-unexecuted-node': [
      { parameters: { assignments: { assignments: [{ id: randomUUID(), name: 'customer', value: "={{ $('Lookup Customer').item.json.id }}", type: 'string' }] }, options: {} }, name: 'Set Customer', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [220, 0] },
      { parameters: {}, name: 'Lookup Customer', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [220, 200] },
    ],
    success: [http('Call API', `${apiBase}/orders?status=200`)],
  };
  for (const [name, nodes] of Object.entries(cases)) {
    const path = `record-${name}-${randomUUID().slice(0, 8)}`;
    const workflow = await call('/workflows', {
      method: 'POST',
      body: JSON.stringify({
        name: `AI-HTTP fixture: ${name}`,
        nodes: [{ parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} }, name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: path }, ...nodes],
        connections: { Webhook: { main: [[{ node: nodes[0].name, type: 'main', index: 0 }]] } },
        settings: { executionOrder: 'v1' },
      }),
    });
    await call(`/workflows/${workflow.id}/activate`, { method: 'POST' });
    const deadline = Date.now() + 15_000;
    for (;;) {
      const res = await fetch(`${url}/webhook/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ order: { id: 42, total: null }, customer: 'ada@example.com' }) });
      await res.arrayBuffer();
      if (res.status !== 404 || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    let execution;
    while (Date.now() < deadline + 20_000) {
      const { data } = await call(`/executions?workflowId=${workflow.id}&limit=1`);
      if (data[0] && !['running', 'new', 'waiting'].includes(data[0].status)) {
        execution = await call(`/executions/${data[0].id}?includeData=true`);
        break;
      }
      await new Promise((r) => setTimeout(r, 300));
    }
    if (!execution) throw new Error(`no execution recorded for ${name}`);
    await call(`/workflows/${workflow.id}/deactivate`, { method: 'POST' }).catch(() => undefined);
    writeFileSync(join(outDir, `${name}.json`), `${JSON.stringify(execution, null, 2)}\n`);
    console.log(`recorded ${name}: execution ${execution.id}, status ${execution.status}`);
  }
  writeFileSync(join(outDir, 'RECORDED.md'), `Recorded by scripts/record-executions.mjs from a real n8n 2.40.7 on ${new Date().toISOString().slice(0, 10)}.\nEach file is GET /api/v1/executions/:id?includeData=true, unedited.\n`);
  api.close();
  await n8n?.stop();
});
