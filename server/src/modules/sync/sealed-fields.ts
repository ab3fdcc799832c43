import type { EntityData } from '@mikro-orm/core';
import type { RequestSpec } from '@ai-http/shared/request/spec';
import { REDACTED } from '@ai-http/shared/request/secrets';
import { mapSecretFields } from '@ai-http/shared/sync/secrets';
import type { SecretBox } from '../../infra/secret-box.ts';

/**
 * How a sealed value reads in `sync_records`: the data key's id, then SecretBox's ciphertext in
 * base64url (no `/`: a sealed URL password must not end the URL's authority).
 */
const SEALED = /^sealed:v1:([0-9a-f]{12}):([A-Za-z0-9_-]+={0,2})$/;

/**
 * The secrets inside synced records (a saved request's auth, credential headers and query values:
 * shared/src/sync/secrets.ts) encrypted at rest with the server's SecretBox, the same envelope
 * encryption as the n8n API keys. Devices send and receive them in the clear, over their
 * connection; only the stored row is sealed. A value stored before sealing existed reads as it was.
 */
/** A value as SecretBox gives it (base64 ciphertext and its key's id). */
export interface SealedValue {
  ciphertext: string;
  keyId: string;
}

const formatSealed = ({ ciphertext, keyId }: SealedValue) => `sealed:v1:${keyId}:${Buffer.from(ciphertext, 'base64').toString('base64url')}`;

function parseSealed(value: string): SealedValue | null {
  const sealed = SEALED.exec(value);
  return sealed ? { keyId: sealed[1]!, ciphertext: Buffer.from(sealed[2]!, 'base64url').toString('base64') } : null;
}

/**
 * Every sealed value anywhere in stored JSON, passed through `reseal` (`ai-http keys rotate`);
 * answers the new JSON, or null when nothing changed.
 */
export async function resealJson(value: unknown, reseal: (sealed: SealedValue) => Promise<SealedValue>): Promise<unknown> {
  let changed = false;
  const walk = async (node: unknown): Promise<unknown> => {
    if (typeof node === 'string') {
      const sealed = parseSealed(node);
      if (!sealed) return node;
      const next = await reseal(sealed);
      if (next.ciphertext === sealed.ciphertext && next.keyId === sealed.keyId) return node;
      changed = true;
      return formatSealed(next);
    }
    if (Array.isArray(node)) {
      const items: unknown[] = [];
      for (const item of node) items.push(await walk(item));
      return items;
    }
    if (typeof node !== 'object' || node === null) return node;
    const entries: [string, unknown][] = [];
    for (const [key, item] of Object.entries(node)) entries.push([key, await walk(item)]);
    return Object.fromEntries(entries);
  };
  const next = await walk(value);
  return changed ? next : null;
}

export class SealedFields {
  private readonly box: SecretBox;

  constructor(box: SecretBox) {
    this.box = box;
  }

  seal(entity: string, fields: Record<string, unknown>): Promise<Record<string, unknown>> {
    return mapSecretFields(entity, fields, async (value) => {
      const { ciphertext, keyId } = this.box.encrypt(value);
      return formatSealed({ ciphertext, keyId });
    });
  }

  open(entity: string, fields: Record<string, unknown>): Promise<Record<string, unknown>> {
    return mapSecretFields(entity, fields, async (value) => {
      const sealed = parseSealed(value);
      return sealed ? this.box.decrypt(sealed.ciphertext, sealed.keyId) : value;
    });
  }
}

/**
 * The same sealing for a REST resource whose rows hold a RequestSpec in `request` (saved requests,
 * templates: http/owned-routes.ts `secrets`), so a request's secrets are sealed in its table as in
 * the change log.
 */
export function sealedRequestColumn<Row extends { request: RequestSpec; userId?: string | null }>(box: SecretBox): { seal(data: EntityData<Row>): Promise<EntityData<Row>>; open(row: Row, reader?: string): Promise<Row> } {
  const sealed = new SealedFields(box);
  return {
    async seal(data) {
      const request = (data as { request?: RequestSpec }).request;
      if (request === undefined) return data;
      return { ...data, request: (await sealed.seal('savedRequest', { request })).request } as EntityData<Row>;
    },
    async open(row, reader) {
      // Another user's row (a public template) is shown without its secrets: sharing a template
      // shares the request, not the author's passwords and keys. Built-ins (no owner) have none.
      if (reader !== undefined && typeof row.userId === 'string' && row.userId !== reader) {
        return { ...row, request: (await mapSecretFields('savedRequest', { request: row.request }, async () => REDACTED)).request as RequestSpec };
      }
      return { ...row, request: (await sealed.open('savedRequest', { request: row.request })).request as RequestSpec };
    },
  };
}
