// Starts the AI-HTTP server as its own process (server/src/main.ts), the way `npm start` runs
// it, and returns the address it printed. Tests kill it to simulate a crash.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const MAIN = resolve(import.meta.dirname, '../../server/src/main.ts');

export async function startServerProcess(env: NodeJS.ProcessEnv, { timeoutMs = 60_000 }: { timeoutMs?: number } = {}): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = /server listening on (http:\/\/[\d.:]+)/.exec(output);
    if (match) return { url: match[1]!, child };
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the AI-HTTP server process did not start: ${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
