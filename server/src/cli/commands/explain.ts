import { explainWithModel } from '@ai-http/shared/ai/run';
import type { AiExplanation } from '@ai-http/shared/ai/explain';
import { AppError } from '@ai-http/shared/errors';
import { summarizeExecution } from '@ai-http/shared/n8n/digest';
import { modelFromEnv, timeoutFromEnv } from '../ai-env.ts';
import { readAll, type CliCommand, type CliIo } from '../command.ts';

/**
 * `ai-http explain [--lang ar] < execution.json`: why it failed and how to fix it. The offline
 * explanation first; then, with AI_* set, the model's (secrets removed from what it is sent).
 */
export const command: CliCommand = async (args, io) => {
  const lang = args[0] === '--lang' ? args[1] : undefined;
  if ((args.length && !lang) || (lang && lang !== 'en' && lang !== 'ar') || args.length > 2) return usage(io, 'usage: ai-http explain [--lang en|ar] < execution.json');
  let digest;
  try {
    digest = summarizeExecution(JSON.parse(await readAll(io.stdin)));
  } catch (error) {
    if (error instanceof SyntaxError) return usage(io, 'stdin is not JSON. Pipe in GET /api/v1/executions/<id>?includeData=true.');
    if (error instanceof AppError) return usage(io, error.message);
    throw error;
  }
  const hasOffline = Boolean(digest.explanation);
  if (digest.error) io.stdout.write(`${digest.failingNode?.name ?? 'The workflow'} failed: ${digest.error.message}\n\n`);
  if (hasOffline) io.stdout.write(`${digest.explanation}\n${digest.fixes.map((fix) => `  - ${fix}\n`).join('')}`);
  const ai = modelFromEnv();
  if (ai && 'error' in ai) {
    io.stderr.write(`ai-http explain: ${ai.error}\n`);
    return 2;
  }
  if (!ai) {
    if (!hasOffline) return fail(io, 'this execution did not fail, or its error is not one the offline knowledge knows; set AI_PROVIDER to ask a model');
    io.stderr.write('ai-http explain: no AI_PROVIDER set: the offline explanation only\n');
    return 0;
  }
  for await (const event of explainWithModel({ model: ai.model, digest, language: lang === 'ar' ? 'ar' : 'en', timeoutMs: timeoutFromEnv(), secrets: ai.secrets })) {
    if (event.type === 'result') {
      io.stdout.write(`\n${ai.label}:\n${format(event.explanation)}`);
      return 0;
    }
    if (event.type === 'failed') {
      if (!hasOffline) return fail(io, event.message);
      io.stderr.write(`ai-http explain: ${event.message} The offline explanation above stands.\n`);
      return 0;
    }
  }
  return fail(io, 'the AI call ended without an answer');
};

function format({ explanation, fixes }: AiExplanation): string {
  const edit = (fix: AiExplanation['fixes'][number]) => (fix.edit ? ` [set ${fix.edit.parameter} = ${JSON.stringify(fix.edit.value)}]` : '');
  return `${explanation}\n${fixes.map((fix) => `  - ${fix.text}${edit(fix)}\n`).join('')}`;
}

function fail(io: CliIo, message: string): number {
  io.stderr.write(`ai-http explain: ${message}\n`);
  return 1;
}

function usage(io: CliIo, message: string): number {
  io.stderr.write(`ai-http explain: ${message}\n`);
  return 2;
}
