// The debugger's two halves in one process: the panel's store connects over a (fake, in-memory)
// runtime port to the real background half, fed by scripted sources. The rows reach the panel
// pushed, with their digests; the panel asks for nothing it was already sent.
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { summarizeExecution } from '@ai-http/shared/n8n/digest';
import type { ExecutionDigest } from '@ai-http/shared/n8n/digest-schema';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { AiHttpDatabase, rememberDigest } from '../../background/db.ts';
import { ServerStream } from '../../background/server/stream.ts';
import { installFakePorts } from '../../tests/support/fake-ports.ts';
import { registerDebuggerBackground } from './background/index.ts';
import type { DirectReads, SourceUpdate } from './background/source.ts';
import { applyBackgroundMessage, createDebuggerPanel, selectedDigest, type DebuggerPanel, type PanelState } from './panel-store.ts';
import { rowFromDigest, type ExecutionRow } from './protocol.ts';

const N8N = 'http://n8n.invalid';
const fixture = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../shared/tests/fixtures/executions/closed-port.json'), 'utf8'));
const digestFor = (executionId: string, status: ExecutionDigest['status'] = 'error'): ExecutionDigest => ({ ...summarizeExecution(fixture), executionId, workflowId: 'wf1', status });
const listRow = (id: string, status = 'success'): ExecutionRow => ({ id, status, mode: 'webhook', startedAt: new Date(Number(id) * 1000).toISOString(), stoppedAt: null, digest: null });

async function until<T>(what: string, check: () => T): Promise<NonNullable<T>> {
  for (let i = 0; i < 300; i++) {
    const value = check();
    if (value) return value as NonNullable<T>;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

class Scripted implements DirectReads {
  readonly kind = 'direct';
  emits: ((update: SourceUpdate) => void)[] = [];
  signals: AbortSignal[] = [];
  watch(_workflow: unknown, emit: (update: SourceUpdate) => void, signal: AbortSignal) {
    this.emits.push(emit);
    this.signals.push(signal);
  }
  async readOnce() {}
  emit(update: SourceUpdate) {
    this.emits.at(-1)!(update);
  }
}

describe('debugger panel ↔ background', () => {
  let db: AiHttpDatabase;
  let direct: Scripted;
  let server: Scripted;
  let ports: ReturnType<typeof installFakePorts>;
  let panel: DebuggerPanel;
  let controller: AbortController;
  let unregister: () => void;
  const state = () => panel.store.getState();

  beforeEach(() => {
    fakeBrowser.reset();
    ports = installFakePorts();
    db = new AiHttpDatabase(`debugger-${crypto.randomUUID()}`);
    direct = new Scripted();
    server = new Scripted();
    unregister = registerDebuggerBackground(db, new ServerStream({ loadSession: async () => null, saveSession: async () => undefined }), { direct, server });
    panel = createDebuggerPanel({ n8nBase: N8N, workflowId: 'wf1' });
    controller = new AbortController();
    panel.start(controller.signal);
  });
  afterEach(async () => {
    controller.abort();
    unregister();
    // Writes the background started before the abort (kept digests) finish before the database closes.
    await new Promise((r) => setTimeout(r, 50));
    db.close();
  });

  it('shows what the background pushes, opening the newest failure with the digest that came with it', async () => {
    await until('the background to watch', () => direct.emits.length === 1 && server.emits.length === 1);
    server.emit({ type: 'unavailable', notice: null, problem: null });
    direct.emit({ type: 'rows', rows: [listRow('1'), rowFromDigest(digestFor('2'))] });
    direct.emit({ type: 'live' });
    await until('two rows', () => state().executions.length === 2 && state().phase === 'ready');
    expect(state().executions.map((e) => e.id)).toEqual(['2', '1']);
    expect(state().selectedId).toBe('2');
    expect(selectedDigest(state())?.executionId).toBe('2');
    // A new failure arrives: the panel follows it, since the user did not pick one.
    direct.emit({ type: 'rows', rows: [rowFromDigest(digestFor('3'))] });
    await until('the new failure selected', () => state().selectedId === '3');
  });

  it('asks for a digest only for a row sent without one, and gets it pushed', async () => {
    await until('the background to watch', () => direct.emits.length === 1);
    await rememberDigest(db, N8N, digestFor('1', 'success'));
    direct.emit({ type: 'rows', rows: [listRow('1')] });
    await until('the row', () => state().executions.length === 1);
    panel.select('1', true);
    await until('its digest', () => selectedDigest(state()));
    expect(state().pinned).toBe(true);
    panel.select('1', true);
    await new Promise((r) => setTimeout(r, 20));
    expect(ports.sent.filter((m) => (m as { type: string }).type === 'digest')).toEqual([{ type: 'digest', executionId: '1' }]);
  });

  it('says when a digest cannot be had, instead of waiting forever', async () => {
    await until('the background to watch', () => direct.emits.length === 1);
    direct.emit({ type: 'rows', rows: [listRow('4')] });
    await until('the row', () => state().executions.length === 1);
    panel.select('4', true);
    // No n8n answers at n8n.invalid: the background reports it.
    await until('the notice', () => state().notice);
    expect(state().notice).toBeTruthy();
  });

  it('reconnects when the background restarts, and gets the rows again', async () => {
    await until('the background to watch', () => direct.emits.length === 1);
    direct.emit({ type: 'rows', rows: [rowFromDigest(digestFor('6'))] });
    await until('the row', () => state().executions.length === 1);
    ports.dropAll();
    await until('a second port', () => ports.pairs.length === 1 && direct.emits.length >= 1);
    expect(state().executions.map((e) => e.id)).toEqual(['6']);
  });

  it('stops the background’s reads when the last panel of the workflow closes', async () => {
    await until('the background to watch', () => direct.signals.length === 1);
    controller.abort();
    await until('the direct reads to stop', () => direct.signals[0]!.aborted);
  });
});

describe('applyBackgroundMessage', () => {
  const base: PanelState = { phase: 'loading', problem: null, executions: [], source: { source: 'direct', notice: null }, selectedId: null, pinned: false, notice: null, allItems: null, aiRoute: null, explain: null };

  it('keeps the user’s pick when a new failure arrives', () => {
    const picked = { ...base, phase: 'ready' as const, executions: [listRow('1')], selectedId: '1', pinned: true };
    const next = applyBackgroundMessage(picked, { type: 'rows', rows: [rowFromDigest(digestFor('2'))] });
    expect(next.selectedId).toBeUndefined();
    expect(next.executions!.map((e) => e.id)).toEqual(['2', '1']);
  });

  it('shows a problem, and the list again once a source answers', () => {
    const broken = { ...base, ...applyBackgroundMessage(base, { type: 'state', ready: true, source: 'direct', notice: null, problem: { code: 'N8N_UNAUTHORIZED', message: 'no' } }) };
    expect(broken.phase).toBe('error');
    expect(applyBackgroundMessage(broken, { type: 'state', ready: true, source: 'server', notice: null, problem: null })).toMatchObject({ phase: 'ready', problem: null, source: { source: 'server' } });
  });
});
