// A local HTTP server that answers every request with {"ok":true} and keeps what it received:
// the other end of requests that n8n nodes, the builder or the CLI send in tests.
import { createServer, type IncomingHttpHeaders } from 'node:http';

export interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Echo {
  base: string;
  received: Received[];
  close(): Promise<void>;
}

export async function startEcho(): Promise<Echo> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      res.setHeader('content-type', 'application/json');
      res.end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${(server.address() as { port: number }).port}`, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
