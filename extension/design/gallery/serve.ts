// Builds the gallery (a plain web page, no extension APIs) and serves it on the loopback, for
// the end-to-end test. Nothing here reaches the extension's builds.
import react from '@vitejs/plugin-react';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { build } from 'vite';

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css' };

export async function buildGallery(outDir: string): Promise<void> {
  await build({
    configFile: false,
    root: import.meta.dirname,
    base: './',
    logLevel: 'warn',
    plugins: [react()],
    // One chunk on purpose: a test page, not something a user downloads.
    build: { outDir, emptyOutDir: true, chunkSizeWarningLimit: 4096 },
  });
}

/** Serves `dir` on 127.0.0.1 at a free port; `/` is index.html. */
export async function serveGallery(dir: string): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const file = join(dir, normalize(path === '/' ? 'index.html' : path).replace(/^(\.\.[/\\])+/, ''));
    readFile(file).then(
      (body) => {
        res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
        res.end(body);
      },
      () => {
        res.writeHead(404);
        res.end();
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/`, server };
}
