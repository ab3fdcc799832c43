// CONTRACT TEST DOUBLE: Manus cannot be reached from the test machines, so this local server
// answers its API v2 task endpoints (task.create, task.listMessages, task.stop, webhook.publicKey)
// in Manus's wire shapes (`{ok, request_id, …}`), from a script, and records every request. It
// also delivers webhooks as Manus documents them: a POST of the event's JSON to the registered
// URL, signed with its own RSA key (RSA-SHA256 over `{timestamp}.{url}.{sha256_hex(body)}`,
// base64 in X-Webhook-Signature, seconds in X-Webhook-Timestamp).
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeManus {
  base: string;
  calls: { method: string; path: string; headers: IncomingHttpHeaders; body: Record<string, unknown> }[];
  /** The ids of the tasks created, oldest first. */
  tasks: string[];
  /** The events task.listMessages answers for a task, replaced on each call. */
  setMessages(taskId: string, messages: unknown[]): void;
  /** The next task.create answers this HTTP error. */
  failNextCreate(status: number, message: string): void;
  /**
   * Posts a webhook event to `url` as Manus does, signed with this double's key (or with another
   * key, or an old timestamp, to forge one); answers the receiver's status and JSON.
   */
  deliver(url: string, event: Record<string, unknown>, options?: { forgedKey?: boolean; timestamp?: number; signedUrl?: string }): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

/** The webhook events of one task, in Manus's documented shapes. */
export const webhookEvents = {
  created: (taskId: string) => ({ event_id: `task_created_${taskId}`, event_type: 'task_created', task_detail: { task_id: taskId, task_title: 'Research', task_url: `https://manus.im/app/${taskId}` } }),
  progress: (taskId: string, message: string, n = 1) => ({ event_id: `task_progress_${taskId}_${n}`, event_type: 'task_progress', progress_detail: { task_id: taskId, progress_type: 'plan_update', message } }),
  stopped: (taskId: string, structuredOutput: unknown, message = 'Done.') => ({
    event_id: `task_stopped_${taskId}`,
    event_type: 'task_stopped',
    task_detail: { task_id: taskId, task_title: 'Research', task_url: `https://manus.im/app/${taskId}`, message, attachments: [], stop_reason: 'finish', structured_output: structuredOutput },
  }),
};

export async function startFakeManus(): Promise<FakeManus> {
  const calls: FakeManus['calls'] = [];
  const messages = new Map<string, unknown[]>();
  const tasks: string[] = [];
  let failure: { status: number; message: string } | null = null;
  let next = 0;
  const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicPem = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      let body: Record<string, unknown> = {};
      try {
        body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      } catch {
        // recorded as empty
      }
      calls.push({ method: req.method ?? '', path: url.pathname + url.search, headers: req.headers, body });
      const send = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      const requestId = `req_${calls.length}`;
      if (!req.headers['x-manus-api-key']) return send(401, { ok: false, request_id: requestId, error: { code: 'unauthenticated', message: 'missing x-manus-api-key' } });
      if (url.pathname === '/v2/task.create' && req.method === 'POST') {
        if (failure) {
          const { status, message } = failure;
          failure = null;
          return send(status, { ok: false, request_id: requestId, error: { code: 'scripted', message } });
        }
        const taskId = `task${++next}`;
        tasks.push(taskId);
        messages.set(taskId, [{ type: 'status_update', status_update: { agent_status: 'running' } }]);
        return send(200, { ok: true, request_id: requestId, task_id: taskId, task_title: 'Research', task_url: `https://manus.im/app/${taskId}`, share_visibility: 'private' });
      }
      if (url.pathname === '/v2/task.listMessages' && req.method === 'GET') {
        const list = messages.get(url.searchParams.get('task_id') ?? '');
        if (!list) return send(404, { ok: false, request_id: requestId, error: { code: 'not_found', message: 'task not found' } });
        return send(200, { ok: true, request_id: requestId, messages: list, has_more: false });
      }
      if (url.pathname === '/v2/webhook.publicKey' && req.method === 'GET') return send(200, { ok: true, request_id: requestId, public_key: publicPem, algorithm: 'RSA-SHA256' });
      if (url.pathname === '/v2/task.stop' && req.method === 'POST') {
        const list = messages.get(String(body.task_id));
        if (!list) return send(404, { ok: false, request_id: requestId, error: { code: 'not_found', message: 'task not found' } });
        list.push({ type: 'status_update', status_update: { agent_status: 'stopped' } });
        return send(200, { ok: true, request_id: requestId });
      }
      send(404, { ok: false, request_id: requestId, error: { code: 'not_found', message: 'unknown endpoint' } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    tasks,
    setMessages: (taskId, list) => void messages.set(taskId, list),
    failNextCreate: (status, message) => void (failure = { status, message }),
    async deliver(url, event, options = {}) {
      const body = JSON.stringify(event);
      const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
      const content = `${timestamp}.${options.signedUrl ?? url}.${createHash('sha256').update(body).digest('hex')}`;
      const signature = sign('sha256', Buffer.from(content), (options.forgedKey ? other : keys).privateKey).toString('base64');
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-webhook-signature': signature, 'x-webhook-timestamp': timestamp }, body });
      return { status: response.status, body: await response.json().catch(() => null) };
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
