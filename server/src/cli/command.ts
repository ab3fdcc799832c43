import type { Readable, Writable } from 'node:stream';
import { pino } from 'pino';
import { loadConfig, type Config } from '../config.ts';
import { openDatabase, type Database } from '../infra/database.ts';
import { entities } from '../modules/entities.ts';

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

/** The server's database for one command; its log (warnings only) goes to stderr, as stdout carries the answer. */
export function openCommandDatabase(config: Config = loadConfig()): Promise<Database> {
  return openDatabase(config.database, pino({ level: 'warn' }, pino.destination(2)), entities);
}
