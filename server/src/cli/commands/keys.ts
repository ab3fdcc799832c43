import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EntityManager } from '@mikro-orm/sql';
import { loadConfig } from '../../config.ts';
import { keyIdOf, SecretBox, seal, unseal } from '../../infra/secret-box.ts';
import { InstanceRepository } from '../../modules/instances/repository.ts';
import { resealStoredSecrets } from '../../modules/sync/repository.ts';
import { openCommandDatabase, type CliCommand } from '../command.ts';

const USAGE = 'usage: ai-http keys rotate [--master [--new-key <base64 32 bytes>]]';

/**
 * `ai-http keys rotate`: a new data key, stored wrapped under ENCRYPTION_KEY, and every stored n8n
 * API key re-encrypted under it, in one transaction; then the secrets sealed in synced records and
 * saved requests (modules/sync/sealed-fields.ts) in another. Running servers pick it up without a restart.
 *
 * `ai-http keys rotate --master`: a new master key (ENCRYPTION_KEY). Every data key is re-wrapped
 * under it, and keys still encrypted by the old master directly (before the first data key) are
 * re-encrypted. Embedded, the new key goes into the data folder's secrets.json; with ENCRYPTION_KEY
 * set, it prints what to set. Servers need a restart with the new master.
 */
export const command: CliCommand = async (args, { stdout, stderr }) => {
  if (args[0] !== 'rotate') {
    stderr.write(`ai-http keys: ${args[0] ? `unknown subcommand "${args[0]}"` : 'missing subcommand'}\n${USAGE}\n`);
    return 2;
  }
  const master = args.includes('--master');
  const given = args.indexOf('--new-key') === -1 ? undefined : args[args.indexOf('--new-key') + 1];
  if (given !== undefined && !master) {
    stderr.write(`ai-http keys rotate: --new-key names a new master key and goes with --master\n${USAGE}\n`);
    return 2;
  }
  const newMaster = given ? Buffer.from(given, 'base64') : randomBytes(32);
  if (newMaster.length !== 32) {
    stderr.write(`ai-http keys rotate: --new-key must be 32 bytes in base64 (openssl rand -base64 32)\n`);
    return 2;
  }
  const config = loadConfig();
  const database = await openCommandDatabase(config);
  const instances = new InstanceRepository(database.fork());
  const box = new SecretBox(config.secrets.encryptionKey, config.secrets.previousEncryptionKeys, () => instances.dataKeys());
  let report: Record<string, unknown>;
  try {
    await box.refresh();
    if (master) report = await rotateMaster(instances, database.fork(), box, newMaster, config.secrets.encryptionKey);
    else {
      const { key, row } = box.newDataKey();
      const next = new SecretBox(key);
      const reseal = async ({ ciphertext, keyId }: { ciphertext: string; keyId: string }) => next.encrypt(await box.decrypt(ciphertext, keyId));
      const rotated = await instances.resealAll(reseal, { dataKey: row });
      // The secrets sealed inside synced records and saved requests, after the key is stored (a failure here leaves them under the older key, still readable).
      const sealedRows = await resealStoredSecrets(database.fork(), reseal);
      report = { rotated, sealedRows, keyId: row.id, note: 'running servers use the new key within 30 s; no restart needed' };
    }
  } catch (error) {
    stderr.write(`ai-http keys rotate: nothing was changed. ${(error as Error).message}\n`);
    return 1;
  } finally {
    await database.close();
  }
  if (master) {
    const encoded = newMaster.toString('base64');
    if (!process.env.ENCRYPTION_KEY) {
      const file = join(config.dataDir, 'secrets.json');
      const stored = JSON.parse(readFileSync(file, 'utf8')) as { encryptionKey: string; previousEncryptionKeys?: string[] };
      writeFileSync(file, JSON.stringify({ ...stored, encryptionKey: encoded, previousEncryptionKeys: [stored.encryptionKey, ...(stored.previousEncryptionKeys ?? [])] }, null, 2), { mode: 0o600 });
    }
    Object.assign(report, process.env.ENCRYPTION_KEY ? { next: 'set ENCRYPTION_KEY to the new key, move the old one to ENCRYPTION_KEYS_PREVIOUS, and restart every server', newKey: encoded } : { stored: 'secrets.json', next: 'restart the server' });
  }
  stdout.write(`${JSON.stringify(report)}\n`);
  return 0;
};

/** Re-wraps the data keys under `newMaster` and re-encrypts rows the old master encrypted directly. */
async function rotateMaster(instances: InstanceRepository, em: EntityManager, box: SecretBox, newMaster: Buffer, oldMaster: Buffer): Promise<Record<string, unknown>> {
  const masterId = keyIdOf(newMaster);
  const next = new SecretBox(newMaster);
  const rewrapped = await instances.rewrapDataKeys((row) => ({ ...row, wrapped: seal(newMaster, unseal(row.masterKeyId === keyIdOf(oldMaster) ? oldMaster : failUnknown(row.masterKeyId), row.wrapped)), masterKeyId: masterId }));
  let reencrypted = 0;
  const reseal = async (sealed: { ciphertext: string; keyId: string }) => {
    if (sealed.keyId !== keyIdOf(oldMaster)) return sealed; // under a data key: its wrap changed, not the row
    return next.encrypt(await box.decrypt(sealed.ciphertext, sealed.keyId));
  };
  await instances.resealAll(async (sealed) => {
    const resealed = await reseal(sealed);
    if (resealed !== sealed) reencrypted++;
    return resealed;
  });
  const sealedRows = await resealStoredSecrets(em, reseal);
  return { rotated: reencrypted, sealedRows, rewrapped, keyId: masterId };
}

function failUnknown(masterKeyId: string): never {
  throw new Error(`a data key is wrapped under a master key (${masterKeyId}) other than ENCRYPTION_KEY: rotate it first with that key as ENCRYPTION_KEY`);
}
