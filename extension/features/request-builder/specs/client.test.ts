// The page's client never leaves a call waiting: a worker that stalls, ignores a cancel or dies is
// terminated and its calls fail with a message. The worker here is a stand-in that records what
// it is sent and answers only when told (the real worker runs in the e2e test and the bench).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { closedByClient, createSpecsClient, type WorkerLike } from './client.ts';
import type { WorkerRequest, WorkerResponse } from './protocol.ts';

class StandInWorker implements WorkerLike {
  onmessage: ((event: MessageEvent<WorkerResponse>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  sent: WorkerRequest[] = [];
  terminated = false;
  postMessage(message: WorkerRequest) {
    this.sent.push(message);
  }
  terminate() {
    this.terminated = true;
  }
  answer(data: WorkerResponse) {
    this.onmessage?.({ data } as MessageEvent<WorkerResponse>);
  }
}

let workers: StandInWorker[];
const client = () =>
  createSpecsClient(undefined, {
    startWorker: () => {
      const worker = new StandInWorker();
      workers.push(worker);
      return worker;
    },
    stallMs: 1_000,
    cancelGraceMs: 100,
  });

beforeEach(() => {
  workers = [];
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('createSpecsClient', () => {
  it('passes progress on and keeps a call alive while progress comes; stops a silent one after stallMs', async () => {
    const specs = client();
    const progress: unknown[] = [];
    const importing = specs.importSpec({ text: '{}' }, (p) => progress.push(p));
    const failed = expect(importing).rejects.toThrow(/no progress for 1 s/);
    const [worker] = workers;
    for (let i = 1; i <= 3; i++) {
      await vi.advanceTimersByTimeAsync(900);
      worker!.answer({ id: 1, type: 'progress', progress: { phase: 'index', loaded: i, total: 3 } });
    }
    expect(worker!.terminated).toBe(false);
    await vi.advanceTimersByTimeAsync(1_000);
    await failed;
    expect(progress).toHaveLength(3);
    expect(worker!.terminated).toBe(true);
    // The next call starts a new worker.
    void specs.searchSpecs('x').catch(() => {});
    expect(workers).toHaveLength(2);
    specs.close();
  });

  it('a cancel rejects at once and, when the worker does not stop by itself, terminates it', async () => {
    const specs = client();
    const controller = new AbortController();
    const importing = specs.importSpec({ url: 'https://example.com/huge.yaml' }, undefined, controller.signal);
    controller.abort();
    await expect(importing).rejects.toThrow(/cancelled/);
    expect(workers[0]!.sent.at(-1)).toEqual({ id: 1, type: 'cancel' });
    await vi.advanceTimersByTimeAsync(100);
    expect(workers[0]!.terminated).toBe(true);
  });

  it('a cancel the worker honours keeps the worker; answers arrive by id; a dead worker fails what waits', async () => {
    const specs = client();
    const controller = new AbortController();
    const importing = specs.importSpec({ text: '{}' }, undefined, controller.signal).catch((e: Error) => e.message);
    const searching = specs.searchSpecs('customer');
    controller.abort();
    const worker = workers[0]!;
    worker.answer({ id: 1, type: 'failed', error: { code: 'BAD_REQUEST', message: 'The import was cancelled.' } });
    worker.answer({ id: 2, type: 'done', result: { kind: 'search', hits: [] } });
    expect(await importing).toMatch(/cancelled/);
    expect(await searching).toEqual([]);
    await vi.advanceTimersByTimeAsync(500);
    expect(worker.terminated).toBe(false);
    const waiting = specs.searchSpecs('again');
    worker.onerror?.({ message: 'boom', preventDefault() {} } as ErrorEvent);
    await expect(waiting).rejects.toThrow(/import worker stopped: boom/);
    expect(closedByClient(await waiting.catch((e: unknown) => e))).toBe(false);
    // close() cuts calls short with an error the panel knows to keep quiet about.
    const cut = specs.searchSpecs('late').catch((e: unknown) => e);
    specs.close();
    expect(closedByClient(await cut)).toBe(true);
  });
});
