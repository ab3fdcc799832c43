// The builder's history and saved requests, in the extension's Dexie database (background only).
// Rows follow shared/src/builder/stored.ts: stable ids, updatedAt on each write, tombstones.
import { HISTORY_BODY_LIMIT, HISTORY_LIMIT, historyEntry, localSavedRequest, type HistoryEntry, type LocalSavedRequest } from '@ai-http/shared/builder/stored';
import type { RequestSpec } from '@ai-http/shared/request/spec';
import type { AiHttpDatabase } from '../../../background/db.ts';
import type { SentResponse } from '../protocol.ts';

export class BuilderKeep {
  private readonly db: AiHttpDatabase;
  constructor(db: AiHttpDatabase) {
    this.db = db;
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
    await this.db.transaction('rw', this.db.history, async () => {
      await this.db.history.add(entry);
      const extra = (await this.db.history.count()) - HISTORY_LIMIT;
      if (extra > 0) await this.db.history.orderBy('sentAt').limit(extra).delete();
    });
    return entry;
  }

  async history(): Promise<HistoryEntry[]> {
    const rows = await this.db.history.orderBy('sentAt').reverse().toArray();
    return rows.filter((row) => row.deletedAt === null).map((row) => historyEntry.parse(row));
  }

  async clearHistory(): Promise<number> {
    const count = await this.db.history.count();
    await this.db.history.clear();
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
    await this.db.savedRequests.put(row);
    return row;
  }

  async delete(id: string, now = Date.now()): Promise<boolean> {
    return (await this.db.savedRequests.update(id, { deletedAt: now, updatedAt: now })) > 0;
  }
}
