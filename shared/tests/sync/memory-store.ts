import type { PulledRecord } from '../../src/sync/protocol.ts';
import { isVisible, type SyncRecord } from '../../src/sync/record.ts';
import type { SyncStore } from '../../src/sync/server.ts';

/**
 * One user's server-side sync data in memory, for the property tests: what the Postgres store
 * keeps, as plain JSON, so a "restart" is a round trip through JSON (nothing survives in memory).
 */
export interface MemoryData {
  seq: number;
  purgedThrough: number;
  records: Record<string, PulledRecord>;
  lastMids: Record<string, number>;
}

export const emptyData = (): MemoryData => ({ seq: 0, purgedThrough: 0, records: {}, lastMids: {} });

export class MemoryStore implements SyncStore {
  data: MemoryData;

  constructor(data: MemoryData = emptyData()) {
    this.data = data;
  }

  /** What a restarted server reads back: only what was stored. */
  restart(): void {
    this.data = JSON.parse(JSON.stringify(this.data)) as MemoryData;
  }

  /** Runs `work` as a transaction: its writes stay only if it finishes. */
  async transaction<T>(work: () => Promise<T>): Promise<T> {
    const before = JSON.stringify(this.data);
    try {
      return await work();
    } catch (error) {
      this.data = JSON.parse(before) as MemoryData;
      throw error;
    }
  }

  lastMutationId(clientId: string): Promise<number> {
    return Promise.resolve(this.data.lastMids[clientId] ?? 0);
  }

  setLastMutationId(clientId: string, mid: number): Promise<void> {
    this.data.lastMids[clientId] = mid;
    return Promise.resolve();
  }

  read(entity: string, id: string): Promise<SyncRecord | undefined> {
    return Promise.resolve(this.data.records[`${entity}/${id}`]);
  }

  write(record: SyncRecord): Promise<void> {
    this.data.seq += 1;
    this.data.records[`${record.entity}/${record.id}`] = { ...record, seq: this.data.seq } as PulledRecord;
    return Promise.resolve();
  }

  changes(cursor: number, limit: number): Promise<PulledRecord[]> {
    const rows = Object.values(this.data.records)
      .filter((record) => record.seq > cursor)
      .sort((a, b) => a.seq - b.seq)
      .slice(0, limit);
    return Promise.resolve(rows.map((row) => structuredClone(row)));
  }

  purgedThrough(): Promise<number> {
    return Promise.resolve(this.data.purgedThrough);
  }

  /** Forgets every tombstone (retention over): what a long-offline device then meets. */
  purgeTombstones(): void {
    for (const [key, record] of Object.entries(this.data.records)) {
      if (isVisible(record)) continue;
      delete this.data.records[key];
      this.data.purgedThrough = Math.max(this.data.purgedThrough, record.seq);
    }
  }

  visible(): Map<string, Record<string, unknown>> {
    const visible = new Map<string, Record<string, unknown>>();
    for (const [key, record] of Object.entries(this.data.records)) if (isVisible(record)) visible.set(key, record.fields);
    return visible;
  }
}
