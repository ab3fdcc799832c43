// CONTRACT TEST DOUBLE: no model provider can be reached from the test machines, so this local
// HTTP server speaks their real wire protocols (OpenAI chat completions, streaming SSE and plain
// JSON, in JSON-schema and tool mode; Anthropic messages, streaming, with a text answer or the
// `json` tool the AI SDK uses for structured output), answers from a script, and records every
// request. The tests drive the real Vercel AI SDK and its provider packages against it, so the
// SDK, the HTTP, the streaming and the validation all run for real; only the model is scripted.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type ScriptedReply =
  /** The model's answer: a JSON value (sent as its text), raw text, or made from the request (`(body) => value`). */
  | { answer: unknown; raw?: boolean; cutAfterChars?: number; chunkChars?: number; usage?: { input: number; output: number } }
  /** An HTTP error, e.g. 429 with retry-after. */
  | { status: number; retryAfter?: string; message?: string }
  /** Headers sent, then nothing: a provider that hangs mid-answer. */
  | { hang: true };

export interface RecordedCall {
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
  at: number;
}

export interface FakeLlm {
  base: string;
  /** The OpenAI base URL (`…/v1`), also right for openai-compatible. */
  openaiBase: string;
  anthropicBase: string;
  calls: RecordedCall[];
  script(...replies: ScriptedReply[]): void;
  close(): Promise<void>;
}

export async function startFakeLlm(): Promise<FakeLlm> {
  const queue: ScriptedReply[] = [];
  const calls: RecordedCall[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        // recorded as empty
      }
      calls.push({ path: req.url ?? '', headers: req.headers, body, at: Date.now() });
      const reply = queue.shift() ?? { status: 500, message: 'the fake provider has no scripted reply left' };
      if ('status' in reply) {
        res.writeHead(reply.status, { 'content-type': 'application/json', ...(reply.retryAfter ? { 'retry-after': reply.retryAfter } : {}) });
        res.end(JSON.stringify({ error: { message: reply.message ?? `scripted ${reply.status}`, type: 'scripted' } }));
        return;
      }
      if ('hang' in reply) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.flushHeaders();
        return;
      }
      const answer: unknown = typeof reply.answer === 'function' ? (reply.answer as (request: Record<string, unknown>) => unknown)(body) : reply.answer;
      const text = reply.raw ? String(answer) : JSON.stringify(answer);
      if (req.url?.endsWith('/chat/completions')) openAiReply(res, body, text, reply);
      else if (req.url?.endsWith('/messages')) anthropicReply(res, body, text, reply);
      else {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end('{"error":{"message":"unknown path"}}');
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    openaiBase: `${base}/v1`,
    anthropicBase: `${base}/v1`,
    calls,
    script: (...replies) => queue.push(...replies),
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

type Answer = Extract<ScriptedReply, { answer: unknown }>;

function chunks(text: string, reply: Answer): string[] {
  const size = reply.chunkChars ?? 12;
  const limit = reply.cutAfterChars ?? text.length;
  const out: string[] = [];
  for (let i = 0; i < limit; i += size) out.push(text.slice(i, Math.min(i + size, limit)));
  return out;
}

/** Writes SSE events with a little pause, then ends the stream, or cuts the socket. */
async function sendEvents(res: ServerResponse, events: string[], cut: boolean) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  for (const event of events) {
    res.write(event);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  if (cut) res.socket?.destroy();
  else res.end();
}

function openAiReply(res: ServerResponse, body: Record<string, unknown>, text: string, reply: Answer) {
  const model = String(body.model ?? 'fake');
  const usage = { prompt_tokens: reply.usage?.input ?? 100, completion_tokens: reply.usage?.output ?? 20, total_tokens: (reply.usage?.input ?? 100) + (reply.usage?.output ?? 20) };
  const tools = Array.isArray(body.tools) && body.tools.length ? (body.tools as { function: { name: string } }[]) : null;
  const toolName = tools?.[0]?.function.name;
  const base = { id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 1_800_000_000, model };
  if (body.stream !== true) {
    const message = toolName
      ? { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: toolName, arguments: text } }] }
      : { role: 'assistant', content: text };
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ...base, object: 'chat.completion', choices: [{ index: 0, message, finish_reason: toolName ? 'tool_calls' : 'stop' }], usage }));
    return;
  }
  const data = (value: unknown) => `data: ${JSON.stringify(value)}\n\n`;
  const events = [data({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] })];
  chunks(text, reply).forEach((piece, i) => {
    const delta = toolName
      ? { tool_calls: [{ index: 0, ...(i === 0 ? { id: 'call_1', type: 'function', function: { name: toolName, arguments: piece } } : { function: { arguments: piece } }) }] }
      : { content: piece };
    events.push(data({ ...base, choices: [{ index: 0, delta, finish_reason: null }] }));
  });
  const cut = reply.cutAfterChars !== undefined;
  if (!cut) events.push(data({ ...base, choices: [{ index: 0, delta: {}, finish_reason: toolName ? 'tool_calls' : 'stop' }] }), data({ ...base, choices: [], usage }), 'data: [DONE]\n\n');
  void sendEvents(res, events, cut);
}

function anthropicReply(res: ServerResponse, body: Record<string, unknown>, text: string, reply: Answer) {
  const tools = Array.isArray(body.tools) && body.tools.length ? (body.tools as { name: string }[]) : null;
  const toolName = tools?.[0]?.name;
  const event = (type: string, value: Record<string, unknown>) => `event: ${type}\ndata: ${JSON.stringify({ type, ...value })}\n\n`;
  const events = [
    event('message_start', { message: { id: 'msg_fake', type: 'message', role: 'assistant', model: String(body.model ?? 'fake'), content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: reply.usage?.input ?? 100, output_tokens: 1 } } }),
    event('content_block_start', { index: 0, content_block: toolName ? { type: 'tool_use', id: 'toolu_1', name: toolName, input: {} } : { type: 'text', text: '' } }),
  ];
  for (const piece of chunks(text, reply)) events.push(event('content_block_delta', { index: 0, delta: toolName ? { type: 'input_json_delta', partial_json: piece } : { type: 'text_delta', text: piece } }));
  const cut = reply.cutAfterChars !== undefined;
  if (!cut) {
    events.push(
      event('content_block_stop', { index: 0 }),
      event('message_delta', { delta: { stop_reason: toolName ? 'tool_use' : 'end_turn', stop_sequence: null }, usage: { output_tokens: reply.usage?.output ?? 20 } }),
      event('message_stop', {}),
    );
  }
  void sendEvents(res, events, cut);
}
