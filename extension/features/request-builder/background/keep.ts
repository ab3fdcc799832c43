// The builder's history and saved requests, in the extension's Dexie database (background only).
// Rows follow shared/src/builder/stored.ts: stable ids, updatedAt on each write, tombstones.
import { HISTORY_BODY_LIMIT, HISTORY_LIMIT, historyEntry, localSavedRequest, type HistoryEntry, type LocalSavedRequest } from '@ai-http/shared/builder/stored';
import type { RequestSpec } from '@ai-http/shared/request/spec';
import type { AiHttpDatabase } from '../../../background/db.ts';
import { historyFields, historySyncOn, outboxTables, queueLocal, savedRequestFields } from '../../../background/sync/outbox.ts';
import type { SentResponse } from '../protocol.ts';

export class BuilderKeep {
  private readonly db: AiHttpDatabase;
  /** Called after a change was queued for sync (the sync engine pushes it soon). */
  private readonly onQueued: () => void;
  constructor(db: AiHttpDatabase, { onQueued = () => {} }: { onQueued?: () => void } = {}) {
    this.db = db;
    this.onQueued = onQueued;
  }

  /** Records one send; keeps the newest HISTORY_LIMIT, and bodies up to HISTORY_BODY_LIMIT. */
  async recordSend(request: RequestSpec, outcome: { response: SentResponse } | { failure: { code: string; message: string }; timeMs: number }, now = Date.now()): Promise<HistoryEntry> {
    const entry = historyEntry.parse({
      v: 1,
      id: crypto.randomUUID(),
      updatedAt: now,
      deletedAt: null,
      sentAt: now,
      request,
      outcome:
        'response' in outcome
          ? {
              kind: 'response',
              status: outcome.response.status,
              timeMs: outcome.response.timeMs,
              sizeBytes: outcome.response.sizeBytes,
              contentType: outcome.response.contentType,
              body: outcome.response.body.kind === 'text' && outcome.response.sizeBytes <= HISTORY_BODY_LIMIT ? outcome.response.body.text : null,
            }
          : { kind: 'failure', code: outcome.failure.code, message: outcome.failure.message, timeMs: outcome.timeMs },
    });
    // With history sync on, the entry (and the trimming of old ones) is queued in the same transaction.
    const queued = await this.db.transaction('rw', [this.db.history, ...outboxTables(this.db)], async () => {
      await this.db.history.add(entry);
      const sync = await historySyncOn(this.db);
      let queuedAny = sync && (await queueLocal(this.db, { op: 'create', entity: 'history', id: entry.id, fields: historyFields(entry) }, now));
      const extra = (await this.db.history.count()) - HISTORY_LIMIT;
      if (extra > 0) {
        const old = await this.db.history.orderBy('sentAt').limit(extra).toArray();
        await this.db.history.bulkDelete(old.map((row) => row.id));
        if (sync) for (const row of old) queuedAny = (await queueLocal(this.db, { op: 'delete', entity: 'history', id: row.id }, now)) || queuedAny;
      }
      return queuedAny;
    });
    if (queued) this.onQueued();
    return entry;
  }

  async history(): Promise<HistoryEntry[]> {
    const rows = await this.db.history.orderBy('sentAt').reverse().toArray();
    return rows.filter((row) => row.deletedAt === null).map((row) => historyEntry.parse(row));
  }

  async clearHistory(now = Date.now()): Promise<number> {
    const { count, queued } = await this.db.transaction('rw', [this.db.history, ...outboxTables(this.db)], async () => {
      const rows = await this.db.history.toArray();
      await this.db.history.clear();
      let queuedAny = false;
      if (await historySyncOn(this.db)) for (const row of rows) queuedAny = (await queueLocal(this.db, { op: 'delete', entity: 'history', id: row.id }, now)) || queuedAny;
      return { count: rows.length, queued: queuedAny };
    });
    if (queued) this.onQueued();
    return count;
  }

  async saved(): Promise<LocalSavedRequest[]> {
    const rows = await this.db.savedRequests.orderBy('updatedAt').reverse().toArray();
    return rows.filter((row) => row.deletedAt === null).map((row) => localSavedRequest.parse(row));
  }

  /** Creates or updates a saved request (the auth secret is kept, as any API client keeps it). */
  async save(input: { id?: string | undefined; name: string; tags: string[]; request: RequestSpec; values: Record<string, string>; kind?: LocalSavedRequest['kind'] | undefined }, now = Date.now()): Promise<LocalSavedRequest> {
    const id = input.id ?? crypto.randomUUID();
    const row = localSavedRequest.parse({ v: 2, id, updatedAt: now, deletedAt: null, name: input.name.trim(), tags: [...new Set(input.tags.map((tag) => tag.trim()).filter(Boolean))], request: input.request, values: input.values, kind: input.kind ?? 'request' });
    // The row and its sync mutation in one transaction: a new record is a create, an edit names
    // only the fields that changed (so an edit never revives a record another device deleted).
    const queued = await this.db.transaction('rw', [this.db.savedRequests, ...outboxTables(this.db)], async () => {
      const before = await this.db.savedRequests.get(id);
      // The row carries the server's copy of its record (the sync base, Dexie v6): it stays with the row.
      await this.db.savedRequests.put(before?.synced ? { ...row, synced: before.synced } : row);
      const fields = savedRequestFields(row);
      if (!before || before.deletedAt !== null) return queueLocal(this.db, { op: 'create', entity: 'savedRequest', id, fields }, now);
      const previous = savedRequestFields(localSavedRequest.parse(before));
      const changed = Object.fromEntries(Object.entries(fields).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(previous[key])));
      return Object.keys(changed).length ? queueLocal(this.db, { op: 'update', entity: 'savedRequest', id, fields: changed }, now) : false;
    });
    if (queued) this.onQueued();
    return row;
  }

  async delete(id: string, now = Date.now()): Promise<boolean> {
    const result = await this.db.transaction('rw', [this.db.savedRequests, ...outboxTables(this.db)], async () => {
      const updated = (await this.db.savedRequests.update(id, { deletedAt: now, updatedAt: now })) > 0;
      return { updated, queued: updated && (await queueLocal(this.db, { op: 'delete', entity: 'savedRequest', id }, now)) };
    });
    if (result.queued) this.onQueued();
    return result.updated;
  }
}
