import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { AppError } from '@ai-http/shared/errors';

/** A short, stable name for a key, stored next to each ciphertext so keys can rotate. */
export const keyIdOf = (key: Buffer) => createHash('sha256').update(key).digest('hex').slice(0, 12);

/**
 * AES-256-GCM for the n8n API keys the server stores. The current key encrypts; previous keys
 * (after a rotation) still decrypt until `ai-http keys rotate` has re-encrypted every row.
 * Format: base64(iv[12] | tag[16] | ciphertext).
 */
export class SecretBox {
  readonly currentKeyId: string;
  private readonly keys: Map<string, Buffer>;
  private readonly current: Buffer;

  constructor(current: Buffer, previous: Buffer[] = []) {
    if (current.length !== 32) throw new Error('the encryption key must be 32 bytes');
    this.current = current;
    this.currentKeyId = keyIdOf(current);
    this.keys = new Map([current, ...previous].map((key) => [keyIdOf(key), key]));
  }

  encrypt(plaintext: string): { ciphertext: string; keyId: string } {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return { ciphertext: Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64'), keyId: this.currentKeyId };
  }

  decrypt(ciphertext: string, keyId: string): string {
    const key = this.keys.get(keyId);
    // A key id this process does not know is usually `ai-http keys rotate` run since it started.
    const unknown = () =>
      new AppError('INTERNAL', `The n8n API key was encrypted with a key (${keyId}) this server process does not have. If \`ai-http keys rotate\` ran since the server started, restart it; otherwise add that key to ENCRYPTION_KEYS_PREVIOUS.`, { keyId });
    if (!key) throw unknown();
    try {
      const raw = Buffer.from(ciphertext, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      throw unknown();
    }
  }
}
