// The client side of ws-fanout.bench.ts, in its own process so the server's event loop is
// measured alone: opens N WebSocket clients, subscribes them, and records when each broadcast
// arrives at each client. Talks to the benchmark over IPC.
import { WebSocket } from 'ws';

interface Connect {
  kind: 'connect';
  url: string;
  count: number;
  /** gateway: say hello and subscribe; bare: a plain ws server that needs nothing. */
  protocol: 'gateway' | 'bare';
  /** The access token for hello and the topic to follow (a real server's); the in-process gateway takes anything. */
  token?: string;
  topic?: string;
  /** Open at most this many at a time (a real server also checks the token and the topic per socket). */
  batch?: number;
}
interface Report {
  kind: 'report';
  sentAt: Record<string, number>;
  /** Send every latency too, so several generators' samples can be merged. */
  raw?: boolean;
}
type Command = Connect | Report | { kind: 'disconnect' };

const now = () => performance.timeOrigin + performance.now();
const ID_MARK = Buffer.from('"id":"');
/** The `"id":"…"` of an event frame (every frame with an id is an event or a replay of one). */
function eventId(raw: Buffer): string | undefined {
  const at = raw.indexOf(ID_MARK);
  if (at < 0) return undefined;
  const start = at + ID_MARK.length;
  return raw.toString('latin1', start, raw.indexOf(0x22, start));
}
let sockets: WebSocket[] = [];
let arrivals = new Map<string, number[]>();

async function connectAll({ url, count, protocol, token = 'bench', topic = 'instance:bench', batch = 200 }: Connect) {
  arrivals = new Map();
  for (let start = 0; start < count; start += batch) {
    await Promise.all(
      Array.from({ length: Math.min(batch, count - start) }, () => new Promise<void>((resolve, reject) => {
        const socket = new WebSocket(url, { perMessageDeflate: false });
        sockets.push(socket);
        socket.on('error', reject);
        socket.on('message', (raw: Buffer) => {
          // The event id is read from the frame's bytes: decoding 1.3 KB into a string for every
          // arrival would be the load generator's own cost, counted in both legs' latency.
          const id = eventId(raw);
          if (id) {
            const list = arrivals.get(id) ?? [];
            list.push(now());
            arrivals.set(id, list);
          } else if (protocol === 'gateway') {
            const text = raw.toString();
            if (text.includes('"ready"')) socket.send(JSON.stringify({ type: 'subscribe', topics: [topic] }));
            if (text.includes('"subscribed"')) resolve();
          }
        });
        socket.on('open', () => {
          if (protocol === 'gateway') socket.send(JSON.stringify({ type: 'hello', token }));
          else resolve();
        });
      })),
    );
  }
}

function report({ sentAt, raw }: Report) {
  const latencies: number[] = [];
  let missing = 0;
  for (const [id, sent] of Object.entries(sentAt)) {
    const got = arrivals.get(id) ?? [];
    missing += sockets.length - got.length;
    for (const at of got) latencies.push(at - sent);
  }
  latencies.sort((a, b) => a - b);
  const pick = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
  return { samples: latencies.length, missing, p50: pick(0.5), p95: pick(0.95), p99: pick(0.99), max: latencies.at(-1) ?? Number.NaN, ...(raw ? { latencies } : {}) };
}

process.on('message', async (command: Command) => {
  if (command.kind === 'connect') {
    await connectAll(command);
    process.send!({ kind: 'ready', count: sockets.length });
  } else if (command.kind === 'report') {
    process.send!({ kind: 'report', ...report(command) });
  } else {
    for (const socket of sockets) socket.terminate();
    sockets = [];
    process.send!({ kind: 'disconnected' });
  }
});
