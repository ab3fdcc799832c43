// Broadcast fan-out on one server process: p50/p95 from publish to arrival at 1k, 5k and 10k
// clients, and memory per connection. The load generator runs in a second process on loopback.
// Baseline, same run: a bare `ws` server that loops over its clients and sends the same bytes.
// Ratio = gateway p95 / bare p95 (1.0 means the gateway adds nothing). Goal: 10k at p95 ≤ 200 ms.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { pino } from 'pino';
import { WebSocketServer } from 'ws';
import { createKv } from '../src/infra/kv.ts';
import { ExecutionEventLog } from '../src/modules/stream/event-log.ts';
import { ask, benchEvent } from './ws-bench.ts';
import { createRealtimeGateway } from '../src/modules/stream/gateway.ts';

const SIZES = (process.env.BENCH_WS_SIZES ?? '1000,5000,10000').split(',').map(Number);
const BROADCASTS = Number(process.env.BENCH_WS_BROADCASTS ?? 20);
// BENCH_WS_EVENT_PAD_BYTES pads each event's input items (a large-event broadcast): the bare
// server sends it whole, the gateway as the stream caps it (MAX_EVENT_BYTES).
const PAD = Number(process.env.BENCH_WS_EVENT_PAD_BYTES ?? 0);
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Target {
  url: string;
  broadcast(n: number): Promise<string>;
  close(): Promise<void>;
}

async function listen(server: Server) {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return `ws://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/ws`;
}

async function bareTarget(): Promise<Target> {
  const server = createServer();
  const wss = new WebSocketServer({ server, path: '/ws', perMessageDeflate: false });
  const url = await listen(server);
  return {
    url,
    async broadcast(n) {
      const id = `bare-${n}`;
      const text = JSON.stringify({ type: 'event', id, topics: ['instance:bench'], event: benchEvent(n, { pad: PAD }) });
      for (const client of wss.clients) client.send(text);
      return id;
    },
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.close();
    },
  };
}

async function gatewayTarget(): Promise<Target> {
  const kv = createKv({ kind: 'memory' });
  const eventLog = new ExecutionEventLog(kv);
  const gateway = await createRealtimeGateway({
    eventLog,
    logger: pino({ level: 'silent' }),
    authenticate: async () => ({ userId: 'bench', sessionId: 'bench', expiresAt: Date.now() + 3_600_000 }),
    canSubscribe: async () => true,
    isAllowedOrigin: () => true,
  });
  const server = createServer();
  gateway.attach(server);
  const url = await listen(server);
  return {
    url,
    broadcast: (n) => eventLog.publish(benchEvent(n, { pad: PAD })),
    async close() {
      await gateway.close();
      server.closeAllConnections();
      server.close();
      await kv.close();
    },
  };
}

const memory = () => {
  globalThis.gc?.();
  const { heapUsed, rss } = process.memoryUsage();
  return { heapUsed, rss };
};

const child = fork(new URL('./ws-load-generator.ts', import.meta.url), { stdio: 'inherit' });
const rows: Record<string, string | number>[] = [];
try {
  for (const size of SIZES) {
    const results: Record<string, { p50: number; p95: number; p99: number; missing: number; heapPerConn: number; rssPerConn: number; rssGrowth: number }> = {};
    // RSS rarely shrinks: with large events the gateway runs first, so the bare run's growth does not hide its own.
    const targets = [['bare ws', bareTarget], ['gateway', gatewayTarget]] as const;
    for (const [name, make] of PAD ? [...targets].reverse() : targets) {
      const target = await make();
      const before = memory();
      await ask(child, { kind: 'connect', url: target.url, count: size, protocol: name === 'gateway' ? 'gateway' : 'bare' }, 'ready');
      await sleep(500);
      const after = memory();
      const sentAt: Record<string, number> = {};
      // The highest RSS while broadcasting: read right after each broadcast's send loop returns
      // (the frames are queued then; a timer cannot fire inside a synchronous loop), and every 5 ms
      // while the sockets drain.
      let peakRss = after.rss;
      const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 5);
      for (let n = 0; n < BROADCASTS; n++) {
        const at = now();
        sentAt[await target.broadcast(n)] = at;
        peakRss = Math.max(peakRss, process.memoryUsage.rss());
        await sleep(Math.max(100, size / 20));
      }
      await sleep(1000);
      clearInterval(sampler);
      const report = await ask<{ p50: number; p95: number; p99: number; missing: number }>(child, { kind: 'report', sentAt }, 'report');
      await ask(child, { kind: 'disconnect' }, 'disconnected');
      await target.close();
      results[name] = { ...report, heapPerConn: (after.heapUsed - before.heapUsed) / size, rssPerConn: (after.rss - before.rss) / size, rssGrowth: peakRss - after.rss };
    }
    const bare = results['bare ws']!;
    const gateway = results.gateway!;
    rows.push({
      clients: size,
      'bare p50 ms': bare.p50.toFixed(1),
      'bare p95 ms': bare.p95.toFixed(1),
      'gateway p50 ms': gateway.p50.toFixed(1),
      'gateway p95 ms': gateway.p95.toFixed(1),
      'p95 ratio': (gateway.p95 / bare.p95).toFixed(2),
      'missed': gateway.missing + bare.missing,
      'gateway KB/conn (heap)': (gateway.heapPerConn / 1024).toFixed(1),
      'gateway KB/conn (rss)': (gateway.rssPerConn / 1024).toFixed(1),
      'bare peak KB/conn': (bare.rssGrowth / size / 1024).toFixed(1),
      'gateway peak KB/conn': (gateway.rssGrowth / size / 1024).toFixed(1),
    });
  }
} finally {
  child.kill();
}
console.log(`ws fan-out: ${BROADCASTS} broadcasts of a ~${PAD ? `${Math.round(PAD / 1024)} KB (padded)` : '1.3 KB'} execution event per size, load generator in a second process`);
console.table(rows);
const worst = rows.find((r) => r.clients === 10_000);
if (worst) console.log(`goal: 10k clients at p95 ≤ 200 ms → ${Number(worst['gateway p95 ms']) <= 200 ? 'met' : 'NOT met'} (${worst['gateway p95 ms']} ms)`);
await once(child, 'exit');
