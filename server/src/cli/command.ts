import type { Readable, Writable } from 'node:stream';

export interface CliIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
}

/**
 * One CLI command: takes its arguments and streams, returns the exit code.
 * Convention: 0 success, 1 failure of a dependency (database, network), 2 bad input or usage,
 * always with a one-line reason on stderr.
 */
export type CliCommand = (args: string[], io: CliIo) => Promise<number>;

export async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}
