// AI-HTTP's n8n hook: tells an AI-HTTP server about every finished execution at once, instead of
// waiting for its next poll. Plain CommonJS with no dependencies; n8n loads it from
// EXTERNAL_HOOK_FILES and calls `workflow.postExecute` after each execution (2.x).
//
//   EXTERNAL_HOOK_FILES=/path/to/ai-http-hook.js
//   AIHTTP_HOOK_URL=https://ai-http.example.com/api/v1/hooks/n8n/<instance id>
//   AIHTTP_HOOK_SECRET=<the instance's hook secret, from the extension's options page>
//
// It never blocks or fails an execution: the notice is sent without waiting for it, with a short
// timeout, and every error is swallowed and counted (`module.exports.stats`). The notice is signed
// (HMAC-SHA256 over "<timestamp>.<body>") so the server can refuse forgeries and replays, and is
// capped: a few items per node, long values cut, binary data left out.
'use strict';
const { createHmac } = require('node:crypto');

const TIMEOUT_MS = 2000;
const MAX_BODY_BYTES = 200 * 1024;
const ITEMS_PER_OUTPUT = 3;
const MAX_ITEM_BYTES = 8 * 1024;
const stats = { sent: 0, failed: 0, skipped: 0 };

/** One item's JSON, or a marker when it is too large to carry. */
function capItem(item) {
  const json = item && typeof item === 'object' ? item.json : undefined;
  const text = JSON.stringify(json ?? null);
  return text.length > MAX_ITEM_BYTES ? { json: { tooLarge: true, bytes: text.length } } : { json };
}

/** The run data with each output cut to its first items and no binary data. */
function capRunData(runData, itemsPerOutput) {
  const capped = {};
  for (const [node, runs] of Object.entries(runData || {})) {
    capped[node] = (Array.isArray(runs) ? runs : []).map((run) => ({
      startTime: run.startTime,
      executionTime: run.executionTime,
      executionStatus: run.executionStatus,
      error: run.error,
      data: run.data && run.data.main ? { main: run.data.main.map((output) => (Array.isArray(output) ? output.slice(0, itemsPerOutput).map(capItem) : output)) } : undefined,
    }));
  }
  return capped;
}

function notice(run, workflowData, executionId, itemsPerOutput) {
  const resultData = (run && run.data && run.data.resultData) || {};
  return JSON.stringify({
    v: 1,
    id: String(executionId),
    workflowId: String(workflowData && workflowData.id),
    status: run.status,
    mode: run.mode,
    startedAt: run.startedAt,
    stoppedAt: run.stoppedAt || new Date(),
    data: { resultData: { error: resultData.error, lastNodeExecuted: resultData.lastNodeExecuted, runData: capRunData(resultData.runData, itemsPerOutput) } },
    workflowData: { id: String(workflowData && workflowData.id), name: workflowData && workflowData.name, nodes: (workflowData && workflowData.nodes) || [] },
  });
}

function postExecute(run, workflowData, executionId) {
  try {
    const url = process.env.AIHTTP_HOOK_URL;
    const secret = process.env.AIHTTP_HOOK_SECRET;
    if (!url || !secret || !run) {
      stats.skipped++;
      return;
    }
    let body = notice(run, workflowData, executionId, ITEMS_PER_OUTPUT);
    if (Buffer.byteLength(body) > MAX_BODY_BYTES) body = notice(run, workflowData, executionId, 0);
    const timestamp = String(Date.now());
    const signature = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-aihttp-timestamp': timestamp, 'x-aihttp-signature': signature }, body, signal: AbortSignal.timeout(TIMEOUT_MS) }).then(
      (response) => {
        if (response.ok) stats.sent++;
        else stats.failed++;
        return response.body ? response.body.cancel() : undefined;
      },
      () => stats.failed++,
    );
  } catch {
    stats.failed++;
  }
}

module.exports = { workflow: { postExecute: [postExecute] } };
Object.defineProperty(module.exports, 'stats', { value: stats, enumerable: false });
