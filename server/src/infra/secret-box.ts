import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { AppError } from '@ai-http/shared/errors';

/** A short, stable name for a key, stored next to each ciphertext so keys can rotate. */
export const keyIdOf = (key: Buffer) => createHash('sha256').update(key).digest('hex').slice(0, 12);

/** A data key as stored (`data_keys`): wrapped under the master key named by `masterKeyId`. */
export interface WrappedKey {
  id: string;
  wrapped: string;
  masterKeyId: string;
  createdAt: Date;
}

/** How often a running process looks for a data key added by `ai-http keys rotate` elsewhere. */
export const DATA_KEY_REFRESH_MS = 30_000;

/** AES-256-GCM, as base64(iv[12] | tag[16] | ciphertext). */
export function seal(key: Buffer, plaintext: string | Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

/** Opens what `seal` made; throws when the key is wrong or the text was changed. */
export function unseal(key: Buffer, sealed: string): Buffer {
  const raw = Buffer.from(sealed, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
}

/**
 * Encrypts the n8n API keys the server stores (envelope encryption). The master key
 * (ENCRYPTION_KEY, with ENCRYPTION_KEYS_PREVIOUS) wraps data keys kept in the database; the newest
 * data key encrypts. `ai-http keys rotate` adds a data key and re-encrypts every row under it, and
 * a running process picks it up without a restart: at once when it meets a key id it does not know,
 * and within DATA_KEY_REFRESH_MS for what it encrypts. Before the first rotation the master key
 * itself encrypts, as it did before data keys existed.
 */
export class SecretBox {
  private readonly masters: Map<string, Buffer>;
  private readonly keys = new Map<string, Buffer>();
  private current: { id: string; key: Buffer };
  private readonly loadDataKeys: () => Promise<WrappedKey[]>;
  private refreshing: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(master: Buffer, previousMasters: Buffer[] = [], loadDataKeys: () => Promise<WrappedKey[]> = async () => []) {
    if (master.length !== 32) throw new Error('the encryption key must be 32 bytes');
    this.masters = new Map([master, ...previousMasters].map((key) => [keyIdOf(key), key]));
    for (const [id, key] of this.masters) this.keys.set(id, key);
    this.current = { id: keyIdOf(master), key: master };
    this.loadDataKeys = loadDataKeys;
  }

  get currentKeyId(): string {
    return this.current.id;
  }

  get masterKeyId(): string {
    return this.masters.keys().next().value!;
  }

  /** Loads the data keys (one query; concurrent callers share it) and encrypts with the newest. */
  refresh(): Promise<void> {
    this.refreshing ??= (async () => {
      try {
        const rows = (await this.loadDataKeys()).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
        for (const row of rows) {
          const master = this.masters.get(row.masterKeyId);
          if (!master || this.keys.has(row.id)) continue;
          this.keys.set(row.id, unseal(master, row.wrapped));
        }
        const newest = rows.findLast((row) => this.keys.has(row.id));
        if (newest) this.current = { id: newest.id, key: this.keys.get(newest.id)! };
      } finally {
        this.refreshing = undefined;
      }
    })();
    return this.refreshing;
  }

  /** Refreshes now and then every DATA_KEY_REFRESH_MS, until `stop`. */
  async start(onError: (error: unknown) => void): Promise<void> {
    await this.refresh().catch(onError);
    this.timer = setInterval(() => void this.refresh().catch(onError), DATA_KEY_REFRESH_MS).unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** A new data key wrapped under the master key, for `ai-http keys rotate` to store. */
  newDataKey(): { key: Buffer; row: WrappedKey } {
    const key = randomBytes(32);
    return { key, row: { id: keyIdOf(key), wrapped: seal(this.masters.values().next().value!, key), masterKeyId: this.masterKeyId, createdAt: new Date() } };
  }

  /** Makes `key` (already stored) the one that encrypts, in this process. */
  use(key: Buffer): void {
    this.keys.set(keyIdOf(key), key);
    this.current = { id: keyIdOf(key), key };
  }

  encrypt(plaintext: string): { ciphertext: string; keyId: string } {
    return { ciphertext: seal(this.current.key, plaintext), keyId: this.current.id };
  }

  async decrypt(ciphertext: string, keyId: string): Promise<string> {
    if (!this.keys.has(keyId)) await this.refresh().catch(() => undefined);
    const key = this.keys.get(keyId);
    // A key id no stored data key and no master key explains: ENCRYPTION_KEY changed without its predecessor.
    const unknown = () =>
      new AppError('INTERNAL', `The n8n API key was encrypted with a key (${keyId}) this server cannot open. If ENCRYPTION_KEY was changed (\`ai-http keys rotate --master\`), restart with the new one and the old one in ENCRYPTION_KEYS_PREVIOUS.`, { keyId });
    if (!key) throw unknown();
    try {
      return unseal(key, ciphertext).toString('utf8');
    } catch {
      throw unknown();
    }
  }
}
