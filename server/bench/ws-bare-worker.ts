// The baseline of ws-cluster.bench.ts: one of three bare `ws` server processes. Each listens on
// the same Redis channel as the server processes and sends every message to all its clients as
// the gateway's event frame, built once, with no protocol, auth or topics. Reports its URL over IPC.
import { createServer } from 'node:http';
import { Redis } from 'ioredis';
import { WebSocketServer } from 'ws';

const server = createServer();
const wss = new WebSocketServer({ server, path: '/ws', perMessageDeflate: false });
const subscriber = new Redis(process.env.BENCH_REDIS_URL!);
await subscriber.subscribe(process.env.BENCH_CHANNEL!);
subscriber.on('message', (_channel: string, message: string) => {
  const { id, data } = JSON.parse(message) as { id: string; data: string };
  const text = `{"type":"event","id":${JSON.stringify(id)},"topics":["instance:bench"],"event":${data}}`;
  for (const client of wss.clients) client.send(text);
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.send!({ kind: 'listening', url: `ws://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/ws` });
});
