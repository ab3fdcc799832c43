import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { AppError } from '@ai-http/shared/errors';
import { buildCatalog } from '@ai-http/shared/openapi/catalog';
import { loadOpenApi } from '@ai-http/shared/openapi/document';
import { createSearchIndex, type SearchIndex } from '@ai-http/shared/search/index';
import type { CliCommand, CliIo } from '../command.ts';

const USAGE = 'usage: ai-http openapi search <spec-file> [query] [--limit N]';

/** `ai-http openapi search <spec> [query] [--limit N]`: ranked operations as JSON. */
export const command: CliCommand = async (args, io) => {
  const [sub, ...rest] = args;
  if (sub !== 'search') return usage(io, sub ? `unknown subcommand "${sub}"` : 'missing subcommand');
  let limit = 10;
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '--limit') {
      limit = Number(rest[++i]);
      if (!Number.isInteger(limit) || limit < 1) return usage(io, '--limit takes a whole number above 0');
    } else positional.push(rest[i]!);
  }
  const [file, ...queryWords] = positional;
  if (!file) return usage(io, 'missing <spec-file>');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    io.stderr.write(`ai-http openapi: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
    return 2;
  }
  let index: SearchIndex;
  try {
    index = createSearchIndex({ operations: buildCatalog(loadOpenApi(text)).operations });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    io.stderr.write(`ai-http openapi: ${file}: ${error.message}\n`);
    return 2;
  }
  const answer = (query: string) =>
    JSON.stringify(
      index.search(query, { limit, kind: 'operation' }).flatMap((hit) =>
        hit.kind === 'operation' ? [{ operationId: hit.operation.operationId, method: hit.operation.method, path: hit.operation.path, summary: hit.operation.summary, score: Math.round(hit.score * 1000) / 1000 }] : [],
      ),
    );
  if (queryWords.length) {
    io.stdout.write(`${answer(queryWords.join(' '))}\n`);
    return 0;
  }
  // One query per line on stdin, one JSON array per line: the index is built once.
  for await (const line of createInterface({ input: io.stdin, crlfDelay: Infinity })) io.stdout.write(`${answer(line)}\n`);
  return 0;
};

function usage(io: CliIo, problem: string): number {
  io.stderr.write(`ai-http openapi: ${problem}\n${USAGE}\n`);
  return 2;
}
