// CONTRACT TEST DOUBLE: Manus cannot be reached from the test machines, so this local server
// answers its API v2 task endpoints (task.create, task.listMessages, task.stop) in Manus's wire
// shapes (`{ok, request_id, …}`), from a script, and records every request.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeManus {
  base: string;
  calls: { method: string; path: string; headers: IncomingHttpHeaders; body: Record<string, unknown> }[];
  /** The events task.listMessages answers for a task, replaced on each call. */
  setMessages(taskId: string, messages: unknown[]): void;
  /** The next task.create answers this HTTP error. */
  failNextCreate(status: number, message: string): void;
  close(): Promise<void>;
}

export async function startFakeManus(): Promise<FakeManus> {
  const calls: FakeManus['calls'] = [];
  const messages = new Map<string, unknown[]>();
  let failure: { status: number; message: string } | null = null;
  let next = 0;
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
        messages.set(taskId, [{ type: 'status_update', status_update: { agent_status: 'running' } }]);
        return send(200, { ok: true, request_id: requestId, task_id: taskId, task_title: 'Research', task_url: `https://manus.im/app/${taskId}`, share_visibility: 'private' });
      }
      if (url.pathname === '/v2/task.listMessages' && req.method === 'GET') {
        const list = messages.get(url.searchParams.get('task_id') ?? '');
        if (!list) return send(404, { ok: false, request_id: requestId, error: { code: 'not_found', message: 'task not found' } });
        return send(200, { ok: true, request_id: requestId, messages: list, has_more: false });
      }
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
    setMessages: (taskId, list) => void messages.set(taskId, list),
    failNextCreate: (status, message) => void (failure = { status, message }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
