// A WebSocket client of the server's /ws stream for tests: says hello, subscribes, and keeps
// every event with the time it arrived.
import { once } from 'node:events';
import { WebSocket } from 'ws';
import { serverMessageSchema, type ServerMessage } from '@ai-http/shared/realtime/protocol';

type EventMessage = Extract<ServerMessage, { type: 'event' }>;

export class StreamClient {
  readonly events: (EventMessage & { receivedAt: number })[] = [];
  readonly other: ServerMessage[] = [];
  socket!: WebSocket;
  closed = false;
  async connect(url: string, token: string, topics: string[], lastEventId?: string) {
    this.socket = new WebSocket(`${url.replace('http', 'ws')}/ws`);
    this.closed = false;
    this.socket.on('message', (raw) => {
      const message = serverMessageSchema.parse(JSON.parse(raw.toString()));
      if (message.type === 'event') this.events.push({ ...message, receivedAt: Date.now() });
      else this.other.push(message);
    });
    this.socket.on('close', () => (this.closed = true));
    this.socket.on('error', () => undefined);
    await once(this.socket, 'open');
    this.socket.send(JSON.stringify({ type: 'hello', token }));
    await this.until(() => this.other.some((m) => m.type === 'ready'), 'ready');
    this.socket.send(JSON.stringify({ type: 'subscribe', topics, ...(lastEventId ? { lastEventId } : {}) }));
    const before = this.other.filter((m) => m.type === 'subscribed').length;
    await this.until(() => this.other.filter((m) => m.type === 'subscribed').length > before, 'subscribed');
  }
  async until(check: () => boolean, what: string, timeoutMs = 20_000) {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; events: ${JSON.stringify(this.events.map((e) => [e.id, e.event.type, e.event.executionId]))} other: ${JSON.stringify(this.other)}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}

