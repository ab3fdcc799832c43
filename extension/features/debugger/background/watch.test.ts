// The background's WorkflowWatch with scripted sources: which source feeds the panel, what it is
// told, and what Dexie keeps. (IndexedDB is fake-indexeddb here; the real one is in the e2e tests.)
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { summarizeExecution } from '@ai-http/shared/n8n/digest';
import type { ExecutionDigest } from '@ai-http/shared/n8n/digest-schema';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AiHttpDatabase, keptDigests } from '../../../background/db.ts';
import { rowFromDigest, type BackgroundMessage, type ExecutionRow, type WorkflowRef } from '../protocol.ts';
import type { DirectReads, ExecutionSource, SourceUpdate } from './source.ts';
import { ROWS_KEPT, WorkflowWatch } from './watch.ts';

const N8N = 'http://n8n.test';
const fixture = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../../shared/tests/fixtures/executions/closed-port.json'), 'utf8'));
const digestFor = (executionId: string, workflowId = 'wf1'): ExecutionDigest => ({ ...summarizeExecution(fixture), executionId, workflowId });
const listRow = (id: string, status = 'error'): ExecutionRow => ({ id, status, mode: 'webhook', startedAt: new Date(Number(id) * 1000).toISOString(), stoppedAt: null, digest: null });
async function eventually<T>(check: () => Promise<T> | T): Promise<T> {
  for (let i = 0; ; i++) {
    const value = await check();
    if (value || i > 200) return value;
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A source the test drives by hand. */
class Scripted implements DirectReads {
  readonly kind: 'server' | 'direct';
  emit: ((update: SourceUpdate) => void) | null = null;
  signal: AbortSignal | null = null;
  watches = 0;
  seeded = 0;
  seedRows: ExecutionRow[] = [];
  constructor(kind: 'server' | 'direct') {
    this.kind = kind;
  }
  watch(_workflow: WorkflowRef, emit: (update: SourceUpdate) => void, signal: AbortSignal) {
    this.watches++;
    this.emit = emit;
    this.signal = signal;
  }
  async readOnce(_workflow: WorkflowRef, _digested?: Set<string>, onRows?: (rows: ExecutionRow[]) => void) {
    this.seeded++;
    onRows?.(this.seedRows);
  }
  get running() {
    return this.signal !== null && !this.signal.aborted;
  }
}

describe('WorkflowWatch', () => {
  let db: AiHttpDatabase;
  let direct: Scripted;
  let server: Scripted;
  let watch: WorkflowWatch;
  let received: BackgroundMessage[];
  const lastState = () => received.filter((m) => m.type === 'state').at(-1);
  const rowsSent = () => received.flatMap((m) => (m.type === 'rows' ? m.rows : []));

  beforeEach(async () => {
    db = new AiHttpDatabase(`watch-${crypto.randomUUID()}`);
    direct = new Scripted('direct');
    server = new Scripted('server');
    received = [];
    watch = new WorkflowWatch({ n8nBase: N8N, workflowId: 'wf1' }, { db, direct, server: server as ExecutionSource });
    watch.attach((message) => received.push(message));
    await watch.start();
  });
  afterEach(() => {
    watch.stop();
    db.close();
  });

  it('reads n8n directly while there is no account, and says when n8n cannot be read', async () => {
    server.emit!({ type: 'unavailable', notice: null, problem: null });
    expect(direct.running).toBe(true);
    direct.emit!({ type: 'rows', rows: [listRow('7', 'success'), listRow('8')] });
    direct.emit!({ type: 'live' });
    expect(lastState()).toMatchObject({ ready: true, source: 'direct', notice: null, problem: null });
    expect(rowsSent().map((r) => r.id)).toEqual(['7', '8']);
    direct.emit!({ type: 'unavailable', notice: null, problem: { code: 'N8N_UNREACHABLE', message: 'n8n could not be reached.' } });
    expect(lastState()).toMatchObject({ problem: { code: 'N8N_UNREACHABLE' } });
  });

  it('switches to the server once it is live: direct reads stop, one starting read, then only pushes', async () => {
    direct.emit!({ type: 'rows', rows: [listRow('7')] });
    direct.seedRows = [listRow('7'), listRow('9', 'success')];
    server.emit!({ type: 'live' });
    expect(direct.running).toBe(false);
    expect(lastState()).toMatchObject({ ready: true, source: 'server', notice: null });
    // The starting point is read from n8n once (DirectReads.readOnce), not polled.
    expect(direct.seeded).toBe(1);
    expect(rowsSent().map((r) => r.id)).toEqual(['7', '9']);
    const before = received.length;
    server.emit!({ type: 'rows', rows: [rowFromDigest(digestFor('10'))] });
    expect(received.length).toBe(before + 1);
    expect(received.at(-1)).toEqual({ type: 'rows', rows: [expect.objectContaining({ id: '10', digest: expect.objectContaining({ executionId: '10' }) })] });
    // What the stream pushed is kept for the offline view.
    expect(await eventually(async () => (await keptDigests(db, N8N, 'wf1')).some((d) => d.executionId === '10'))).toBe(true);
  });

  it('falls back to n8n when the server stops answering, with the notice, and back when it returns', async () => {
    server.emit!({ type: 'live' });
    expect(direct.running).toBe(false);
    server.emit!({ type: 'unavailable', notice: 'serverOffline', problem: null });
    expect(direct.running).toBe(true);
    expect(lastState()).toMatchObject({ source: 'direct', notice: 'serverOffline' });
    server.emit!({ type: 'live' });
    expect(direct.running).toBe(false);
    expect(lastState()).toMatchObject({ source: 'server', notice: null });
  });

  it('ignores direct reads that land after the server took over', async () => {
    const staleEmit = direct.emit!;
    server.emit!({ type: 'live' });
    const before = received.length;
    staleEmit({ type: 'rows', rows: [listRow('99')] });
    expect(received.length).toBe(before);
  });

  it('keeps a known digest when a list read repeats the row, and drops it when the execution changed', () => {
    server.emit!({ type: 'unavailable', notice: null, problem: null });
    direct.emit!({ type: 'rows', rows: [rowFromDigest(digestFor('5'))] });
    const sent = received.length;
    direct.emit!({ type: 'rows', rows: [{ ...listRow('5'), startedAt: digestFor('5').startedAt, stoppedAt: digestFor('5').stoppedAt }] });
    expect(received.length).toBe(sent); // nothing changed: nothing pushed
    direct.emit!({ type: 'rows', rows: [{ ...listRow('5', 'running') }] });
    expect(rowsSent().at(-1)).toMatchObject({ id: '5', status: 'running', digest: null });
  });

  it(`sends a reopened panel what Dexie kept, before any source answers, and at most ${ROWS_KEPT} rows`, async () => {
    server.emit!({ type: 'live' });
    server.emit!({ type: 'rows', rows: Array.from({ length: ROWS_KEPT + 5 }, (_, i) => rowFromDigest(digestFor(String(100 + i)))) });
    await eventually(async () => (await keptDigests(db, N8N, 'wf1', 100)).length === ROWS_KEPT + 5);
    const again = new WorkflowWatch({ n8nBase: N8N, workflowId: 'wf1' }, { db, direct: new Scripted('direct'), server: new Scripted('server') });
    const seen: BackgroundMessage[] = [];
    again.attach((message) => seen.push(message));
    await again.start();
    const rows = seen.flatMap((m) => (m.type === 'rows' ? m.rows : []));
    expect(rows).toHaveLength(ROWS_KEPT);
    expect(rows[0]!.id).toBe(String(100 + ROWS_KEPT + 4));
    expect(rows.every((r) => r.digest !== null)).toBe(true);
    again.stop();
  });
});
