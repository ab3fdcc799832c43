import type { EntityManager } from '@mikro-orm/sql';
import { AppError } from '@ai-http/shared/errors';
import { checkFields, syncedEntities, type SyncedEntity } from '@ai-http/shared/sync/entities';
import { nextStamp } from '@ai-http/shared/sync/hlc';
import type { PullRequest, PullResponse, PushRequest, PushResponse } from '@ai-http/shared/sync/protocol';
import { applyWrite, newestStamp, type MutationOp } from '@ai-http/shared/sync/record';
import { applyPush, readPull } from '@ai-http/shared/sync/server';
import type { SecretBox } from '../../infra/secret-box.ts';
import { SyncRepository } from './repository.ts';

/** The node in stamps of writes the server makes itself (REST API, CLI). */
export const SERVER_NODE = 'server';

/**
 * Applies a push in one transaction, the user's sync rows locked, and shows its saved requests and
 * templates in the REST resources in the same transaction; answers with the cursor after it, and
 * which template scopes changed (their cached lists are stale).
 */
export async function pushChanges(em: EntityManager, box: SecretBox, userId: string, push: PushRequest, now: number): Promise<{ answer: PushResponse & { cursor: number }; templates: Set<'own' | 'public'> }> {
  return em.transactional(async (tx) => {
    const store = new SyncRepository(tx as EntityManager, userId, box);
    await store.lockUser();
    const response = await applyPush(store, push, now);
    const applied = new Set(response.results.filter((result) => result.status === 'applied').map((result) => result.mid));
    const touched = new Set(push.mutations.filter((mutation) => applied.has(mutation.mid) && mutation.entity === 'savedRequest').map((mutation) => mutation.id));
    const templates = new Set<'own' | 'public'>();
    for (const id of touched) {
      const record = await store.read('savedRequest', id);
      const scope = record ? await store.projectSavedRequest(record) : null;
      if (scope) templates.add(scope);
    }
    return { answer: { ...response, cursor: await store.newestSeq() }, templates };
  });
}

/** One page of changes after the client's cursor. */
export function pullChanges(em: EntityManager, box: SecretBox, userId: string, pull: PullRequest): Promise<PullResponse> {
  return readPull(new SyncRepository(em, userId, box), pull);
}

export interface ServerWrite {
  op: MutationOp;
  entity: SyncedEntity;
  id: string;
  fields?: Record<string, unknown>;
  /** For an update: the whole record, written as a create when the change log does not hold it yet (a row from before sync). */
  whole?: Record<string, unknown>;
}

/**
 * A write made on the server (REST API, CLI) into the change log, so devices pull it like any
 * other: stamped by the server after everything the record holds. Runs in the caller's
 * transaction (`em`). Answers the change sequence it wrote, or null when nothing changed.
 */
export async function recordServerWrite(em: EntityManager, box: SecretBox, userId: string, given: ServerWrite, now: number): Promise<number | null> {
  const store = new SyncRepository(em, userId, box);
  await store.lockUser();
  const record = await store.read(given.entity, given.id);
  const write: ServerWrite = !record && given.op === 'update' && given.whole ? { ...given, op: 'create', fields: given.whole } : given;
  let fields: Record<string, unknown> = {};
  if (write.op !== 'delete') {
    const check = checkFields(write.entity, write.op, syncedEntities[write.entity].latest, write.fields ?? {});
    if (!check.ok) throw new AppError('VALIDATION_FAILED', `This cannot be synced to your devices: ${check.message}`, { entity: write.entity });
    fields = check.fields;
  }
  const stamp = nextStamp(record ? newestStamp(record) : null, now, SERVER_NODE);
  const outcome = applyWrite(record, { op: write.op, entity: write.entity, id: write.id, v: syncedEntities[write.entity].latest, fields, stamp });
  if (outcome.status === 'gone' || !outcome.changed) return null;
  await store.write(outcome.record);
  return store.newestSeq();
}
