import type { EntityData } from '@mikro-orm/core';
import type { RequestSpec } from '@ai-http/shared/request/spec';
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
export class SealedFields {
  private readonly box: SecretBox;

  constructor(box: SecretBox) {
    this.box = box;
  }

  seal(entity: string, fields: Record<string, unknown>): Promise<Record<string, unknown>> {
    return mapSecretFields(entity, fields, async (value) => {
      const { ciphertext, keyId } = this.box.encrypt(value);
      return `sealed:v1:${keyId}:${Buffer.from(ciphertext, 'base64').toString('base64url')}`;
    });
  }

  open(entity: string, fields: Record<string, unknown>): Promise<Record<string, unknown>> {
    return mapSecretFields(entity, fields, async (value) => {
      const sealed = SEALED.exec(value);
      return sealed ? this.box.decrypt(Buffer.from(sealed[2]!, 'base64url').toString('base64'), sealed[1]!) : value;
    });
  }
}

/**
 * The same sealing for a REST resource whose rows hold a RequestSpec in `request` (saved requests,
 * templates: http/owned-routes.ts `secrets`), so a request's secrets are sealed in its table as in
 * the change log.
 */
export function sealedRequestColumn<Row extends { request: RequestSpec }>(box: SecretBox): { seal(data: EntityData<Row>): Promise<EntityData<Row>>; open(row: Row): Promise<Row> } {
  const sealed = new SealedFields(box);
  return {
    async seal(data) {
      const request = (data as { request?: RequestSpec }).request;
      if (request === undefined) return data;
      return { ...data, request: (await sealed.seal('savedRequest', { request })).request } as EntityData<Row>;
    },
    async open(row) {
      return { ...row, request: (await sealed.open('savedRequest', { request: row.request })).request as RequestSpec };
    },
  };
}
