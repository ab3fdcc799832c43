import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EntityManager } from '@mikro-orm/sql';
import { pino } from 'pino';
import { loadConfig } from '../../config.ts';
import { openDatabase } from '../../infra/database.ts';
import { keyIdOf, SecretBox } from '../../infra/secret-box.ts';
import { entities } from '../../modules/entities.ts';
import { InstanceRepository } from '../../modules/instances/repository.ts';
import type { CliCommand } from '../command.ts';

const USAGE = 'usage: ai-http keys rotate [--new-key <base64 32 bytes>]';

/**
 * `ai-http keys rotate`: re-encrypts every stored n8n API key under a new encryption key, in one
 * transaction. Embedded, the new key goes into the data folder's secrets.json (the old one is
 * kept there as previous); with ENCRYPTION_KEY set, it prints what to set next.
 */
export const command: CliCommand = async (args, { stdout, stderr }) => {
  if (args[0] !== 'rotate') {
    stderr.write(`ai-http keys: ${args[0] ? `unknown subcommand "${args[0]}"` : 'missing subcommand'}\n${USAGE}\n`);
    return 2;
  }
  const given = args.indexOf('--new-key') === -1 ? undefined : args[args.indexOf('--new-key') + 1];
  const newKey = given ? Buffer.from(given, 'base64') : randomBytes(32);
  if (newKey.length !== 32) {
    stderr.write(`ai-http keys rotate: --new-key must be 32 bytes in base64 (openssl rand -base64 32)\n`);
    return 2;
  }
  const config = loadConfig();
  const old = new SecretBox(config.secrets.encryptionKey, config.secrets.previousEncryptionKeys);
  const next = new SecretBox(newKey);
  const database = await openDatabase(config.database, pino({ level: 'warn' }, pino.destination(2)), entities);
  let rotated: number;
  try {
    rotated = await new InstanceRepository(database.orm.em.fork() as EntityManager).resealAll(({ ciphertext, keyId }) => next.encrypt(old.decrypt(ciphertext, keyId)));
  } catch (error) {
    stderr.write(`ai-http keys rotate: nothing was changed. ${(error as Error).message}\n`);
    return 1;
  } finally {
    await database.close();
  }
  const encoded = newKey.toString('base64');
  if (!process.env.ENCRYPTION_KEY) {
    const file = join(config.dataDir, 'secrets.json');
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { encryptionKey: string; previousEncryptionKeys?: string[] };
    writeFileSync(file, JSON.stringify({ ...stored, encryptionKey: encoded, previousEncryptionKeys: [stored.encryptionKey, ...(stored.previousEncryptionKeys ?? [])] }, null, 2), { mode: 0o600 });
  }
  stdout.write(`${JSON.stringify({ rotated, keyId: keyIdOf(newKey), ...(process.env.ENCRYPTION_KEY ? { next: 'set ENCRYPTION_KEY to the new key and move the old one to ENCRYPTION_KEYS_PREVIOUS', newKey: encoded } : { stored: 'secrets.json' }) })}\n`);
  return 0;
};
