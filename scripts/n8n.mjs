#!/usr/bin/env node
// `node scripts/n8n.mjs install` caches n8n; `node scripts/n8n.mjs start [--port N]` runs a
// bootstrapped throwaway n8n in the foreground and prints its URL and API key as JSON.
import { ensureN8n, startN8n } from './lib/n8n.mjs';

const [command = 'start', ...rest] = process.argv.slice(2);
const portFlag = rest.indexOf('--port');
const port = portFlag >= 0 ? Number(rest[portFlag + 1]) : undefined;

if (command === 'install') {
  console.log(ensureN8n());
} else if (command === 'start') {
  const n8n = await startN8n({ port }).catch((error) => {
    console.error(`[ai-http] ERROR: n8n did not start: ${error.message}`);
    process.exit(1);
  });
  console.log(JSON.stringify({ url: n8n.url, apiKey: n8n.apiKey, email: n8n.owner.email, password: n8n.owner.password, log: n8n.logFile }, null, 2));
  const shutdown = () => n8n.stop().then(() => process.exit(0));
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
} else {
  console.error('usage: node scripts/n8n.mjs install | start [--port N]');
  process.exit(2);
}
