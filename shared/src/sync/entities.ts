import { z } from 'zod';
import { historyEntryV1, localSavedRequestV2 } from '../builder/stored.ts';
import { versioned, type Versioned } from '../versioned.ts';

/**
 * What syncs, one versioned schema per entity. A record's fields are the entity's latest version
 * without `v`; each field is its own last-writer-wins register (see record.ts), so a field is
 * the unit of a conflict: two devices editing `name` and `tags` of one request keep both.
 */

/** The builder's saved requests and user templates (LocalSavedRequest without its local stamps). */
const savedRequestV1 = z.object({ v: z.literal(1) }).extend(localSavedRequestV2.pick({ kind: true, name: true, tags: true, request: true, values: true }).shape);

/**
 * An n8n instance: where it is and what it is called. Its API key is not a synced field: it goes
 * to the server once through POST /api/v1/instances (TLS or loopback, stored encrypted) and never
 * comes back, so a device that pulls an instance asks its user for the key or reads it through
 * the server.
 */
const instanceV1 = z.object({ v: z.literal(1), name: z.string().min(1).max(200), url: z.url().max(2048) });

/** A sent request, when the user opts in to history sync. */
const historyV1 = z.object({ v: z.literal(1) }).extend(historyEntryV1.pick({ sentAt: true, request: true, outcome: true }).shape);

export const syncedEntities = {
  savedRequest: versioned('SyncedSavedRequest', [savedRequestV1]),
  instance: versioned('SyncedInstance', [instanceV1]),
  history: versioned('SyncedHistory', [historyV1]),
} as const satisfies Record<string, Versioned<{ v: number }>>;

export type SyncedEntity = keyof typeof syncedEntities;
export const SYNCED_ENTITIES = Object.keys(syncedEntities) as [SyncedEntity, ...SyncedEntity[]];
export const syncedEntitySchema = z.enum(SYNCED_ENTITIES);

export type SyncedFields<E extends SyncedEntity> = Omit<z.output<(typeof syncedEntities)[E]['schema']>, 'v'>;

// An update names some fields of the latest version; built once per entity.
const updateSchemas = Object.fromEntries(
  SYNCED_ENTITIES.map((entity) => [entity, (syncedEntities[entity].schema as unknown as z.ZodObject).omit({ v: true }).partial().strict()]),
) as unknown as Record<SyncedEntity, z.ZodType<Record<string, unknown>>>;

export type FieldCheck = { ok: true; fields: Record<string, unknown> } | { ok: false; message: string };

/**
 * Validates a mutation's fields for its entity: a create is a whole record at any known version
 * (upgraded to the latest), an update some fields of the latest version.
 */
export function checkFields(entity: SyncedEntity, op: 'create' | 'update', v: number, fields: Record<string, unknown>): FieldCheck {
  const schema = syncedEntities[entity];
  if (op === 'create') {
    const parsed = schema.safeParse({ ...fields, v });
    if (!parsed.success) return { ok: false, message: describe(parsed.error) };
    const { v: _version, ...rest } = parsed.data as Record<string, unknown>;
    return { ok: true, fields: rest };
  }
  if (v !== schema.latest) return { ok: false, message: `${schema.name}: an update must be at version ${schema.latest}, got ${v}` };
  const parsed = updateSchemas[entity].safeParse(fields);
  return parsed.success ? { ok: true, fields: parsed.data } : { ok: false, message: describe(parsed.error) };
}

function describe(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(record)'}: ${issue.message}`).join('; ');
}
