#!/usr/bin/env node
// Launcher for the `ai-http` CLI (`pnpm -s ai-http …`): runs it under Node 24 even when the
// machine's Node is older, then hands over to server/src/cli/main.ts.
import { ensureModernNode } from './lib/toolchain.mjs';

// Quiet: the CLI's stdout and stderr belong to its commands.
await ensureModernNode({ quiet: true });
const { runCli } = await import('../server/src/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2));
