// The `ai-http` command line: `pnpm -s ai-http <command> …` from the repo root.
// Each command lives in commands/<name>.ts and is loaded only when called, so `ai-http curl`
// never loads the database layer. To add one: write the file, add a line to COMMANDS.
import type { CliCommand } from './command.ts';

const COMMANDS: Record<string, { summary: string; load: () => Promise<{ command: CliCommand }> }> = {
  curl: { summary: 'a cURL command on stdin → n8n clipboard JSON (an HTTP Request node)', load: () => import('./commands/curl.ts') },
  import: { summary: 'cURL, a DevTools fetch call, a raw HTTP request, a URL or plain words on stdin → n8n clipboard JSON', load: () => import('./commands/import.ts') },
  openapi: { summary: 'openapi search <spec-file> [query] [--limit N]: ranked operations as JSON', load: () => import('./commands/openapi.ts') },
  ask: { summary: 'ask "<words>" [--spec openapi.json]…: the request they describe as n8n clipboard JSON (AI_* picks the model; offline search without)', load: () => import('./commands/ask.ts') },
  explain: { summary: 'explain [--lang ar] < execution.json: why it failed and the fixes (offline, then the model with AI_*)', load: () => import('./commands/explain.ts') },
  digest: { summary: 'an n8n execution (includeData=true) on stdin → its digest as JSON', load: () => import('./commands/digest.ts') },
  migrate: { summary: 'apply database migrations (DATABASE_URL, or the embedded database)', load: () => import('./commands/migrate.ts') },
  user: { summary: 'user create --email <e> --name <n> [--plan P] < password', load: () => import('./commands/user.ts') },
  keys: { summary: 'keys rotate [--new-key <base64>]: re-encrypt every stored n8n API key', load: () => import('./commands/keys.ts') },
  templates: { summary: 'templates seed: write the built-in templates into the database', load: () => import('./commands/templates.ts') },
  'to-curl': { summary: 'an HTTP Request node or copied workflow on stdin → cURL', load: () => import('./commands/to-curl.ts') },
};

export async function runCli(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const entry = name ? COMMANDS[name] : undefined;
  if (!entry) {
    const list = Object.entries(COMMANDS).map(([command, { summary }]) => `  ${command.padEnd(16)} ${summary}`);
    const usage = `usage: ai-http <command> [arguments]\n\ncommands:\n${list.join('\n') || '  (none yet)'}\n`;
    if (name && name !== 'help' && name !== '--help') {
      process.stderr.write(`ai-http: unknown command "${name}"\n\n${usage}`);
      return 2;
    }
    process.stdout.write(usage);
    return 0;
  }
  const { command } = await entry.load();
  return command(args, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
}

if (import.meta.main) process.exitCode = await runCli(process.argv.slice(2));
