import { readFile } from 'node:fs/promises';
import { groundCandidates } from '@ai-http/shared/ai/ground';
import { askModel } from '@ai-http/shared/ai/run';
import { AppError } from '@ai-http/shared/errors';
import { toClipboardWorkflow, toHttpRequestNode } from '@ai-http/shared/n8n/http-request-node';
import { loadOpenApi, type OpenApiDocument } from '@ai-http/shared/openapi/document';
import type { RequestSpec } from '@ai-http/shared/request/spec';
import { builtinTemplates } from '@ai-http/shared/templates/catalog';
import { modelFromEnv, timeoutFromEnv } from '../ai-env.ts';
import type { CliCommand, CliIo } from '../command.ts';

const USAGE = 'usage: ai-http ask "<what the request should do>" [--spec openapi.json]…';

/**
 * `ai-http ask "create a customer" --spec stripe.json`: the request as n8n clipboard JSON. The
 * candidates are the built-in templates and the specs' operations the search finds; the model
 * (AI_* variables) picks and fills one. Without a model, or when it fails, the search's first
 * choice, said on stderr.
 */
export const command: CliCommand = async (args, io) => {
  const words: string[] = [];
  const specs: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--spec') {
      const file = args[++i];
      if (!file) return usage(io, '--spec takes a file');
      specs.push(file);
    } else if (args[i]!.startsWith('--')) return usage(io, `unknown option "${args[i]}"`);
    else words.push(args[i]!);
  }
  const query = words.join(' ').trim();
  if (!query) return usage(io, 'say what the request should do');
  const documents: OpenApiDocument[] = [];
  for (const file of specs) {
    try {
      documents.push(loadOpenApi(await readFile(file, 'utf8')));
    } catch (error) {
      const reason = error instanceof AppError ? error.message : ((error as NodeJS.ErrnoException).code ?? (error as Error).message);
      io.stderr.write(`ai-http ask: cannot read ${file}: ${reason}\n`);
      return 2;
    }
  }
  const candidates = groundCandidates(query, { documents, templates: builtinTemplates() });
  const ai = modelFromEnv();
  if (ai && 'error' in ai) {
    io.stderr.write(`ai-http ask: ${ai.error}\n`);
    return 2;
  }
  if (!ai) {
    if (!candidates[0]) return nothing(io, 'no template or operation matches, and no AI_PROVIDER is set to propose one');
    io.stderr.write(`ai-http ask: no AI_PROVIDER set: the offline search's first choice, ${candidates[0].id}\n`);
    return print(io, candidates[0].request);
  }
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  try {
    for await (const event of askModel({ model: ai.model, query, candidates, signal: controller.signal, timeoutMs: timeoutFromEnv(), secrets: ai.secrets })) {
      if (event.type === 'choice') io.stderr.write(`ai-http ask: ${ai.label} chose ${event.operationId}\n`);
      if (event.type === 'result') {
        if (event.unverified) io.stderr.write('ai-http ask: UNVERIFIED: nothing you gave describes this request; the model proposed it from its own knowledge. Check it against the API\'s documentation.\n');
        return print(io, event.request);
      }
      if (event.type === 'failed') {
        if (!event.offline) return nothing(io, event.message);
        io.stderr.write(`ai-http ask: ${event.message}\nai-http ask: the offline search's first choice instead, ${event.offlineId}\n`);
        return print(io, event.offline);
      }
    }
    return nothing(io, 'the AI call ended without an answer');
  } finally {
    process.off('SIGINT', stop);
  }
};

function print(io: CliIo, request: RequestSpec): number {
  const { node, warnings } = toHttpRequestNode(request);
  for (const warning of warnings) io.stderr.write(`warning: ${warning}\n`);
  io.stdout.write(`${JSON.stringify(toClipboardWorkflow([node]), null, 2)}\n`);
  return 0;
}

function nothing(io: CliIo, message: string): number {
  io.stderr.write(`ai-http ask: ${message}\n`);
  return 1;
}

function usage(io: CliIo, problem: string): number {
  io.stderr.write(`ai-http ask: ${problem}\n${USAGE}\n`);
  return 2;
}
