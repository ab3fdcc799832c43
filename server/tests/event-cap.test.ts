// An execution event is copied to every subscribed socket, so the stream caps its size where it is
// published (issue 13: one 200 KB event to 1,000 sockets took 650 MB). A large event loses its
// input items first (marked tooLarge), then its long parts are shortened; a small one is untouched.
import { describe, expect, it } from 'vitest';
import { executionEventSchema, type ExecutionEvent } from '@ai-http/shared/realtime/protocol';
import { MAX_EVENT_BYTES } from '../src/modules/stream/event-log.ts';
import { suiteServer } from './helpers.ts';

const event = (digest: Partial<ExecutionEvent['digest']> = {}): ExecutionEvent => ({
  type: 'execution.failed',
  instanceId: '00000000-0000-4000-8000-000000000001',
  workflowId: 'wf',
  executionId: '1',
  digest: {
    v: 1,
    executionId: '1',
    workflowId: 'wf',
    status: 'error',
    mode: 'webhook',
    startedAt: null,
    stoppedAt: null,
    durationMs: null,
    retryOf: null,
    failingNode: { name: 'Call API', type: 'n8n-nodes-base.httpRequest', parameters: { url: 'https://api.example.com' } },
    error: { category: 'unknown', name: 'NodeApiError', message: 'Bad request', httpCode: '400', description: null },
    explanation: null,
    fixes: ['Check the body'],
    inputItems: { items: [{ id: 1 }], total: 1, truncated: false },
    executionPath: ['Webhook', 'Call API'],
    timings: [],
    ...digest,
  },
});

describe('execution event size on the stream', () => {
  const suite = suiteServer();

  /** Publishes through the server's event log and reads the stored event back, with its size. */
  const roundTrip = async (sent: ExecutionEvent) => {
    const { eventLog } = suite.server.app.services;
    const id = await eventLog.publish(sent);
    // The server has a stream of its own (its own Redis prefix, or in-process): read it all.
    for await (const logged of eventLog.readAfter('0-0')) if (logged.id === id) return { event: logged.event, bytes: Buffer.byteLength(JSON.stringify(logged.event)) };
    throw new Error(`event ${id} not found in the stream`);
  };

  it('passes a small event as it is', async () => {
    const sent = event();
    expect((await roundTrip(sent)).event).toEqual(executionEventSchema.parse(sent));
  });

  it('drops the input items of a large event (marked tooLarge) and keeps the rest', async () => {
    const items = Array.from({ length: 200 }, (_, i) => ({ i, text: 'x'.repeat(1_000) }));
    const { event: received, bytes } = await roundTrip(event({ inputItems: { items, total: 200, truncated: false } }));
    expect(bytes).toBeLessThanOrEqual(MAX_EVENT_BYTES);
    expect(received.digest.inputItems).toEqual({ items: [], total: 200, truncated: true, unavailable: 'tooLarge' });
    expect(received.digest.error?.message).toBe('Bad request');
    expect(received.digest.failingNode?.parameters).toEqual({ url: 'https://api.example.com' });
  });

  it('shortens the long parts when the items were not enough', async () => {
    const long = 'y'.repeat(300_000);
    const { event: received, bytes } = await roundTrip(
      event({
        error: { category: 'unknown', name: 'NodeApiError', message: long, httpCode: null, description: long },
        explanation: long,
        fixes: Array.from({ length: 50 }, () => long.slice(0, 5_000)),
        failingNode: { name: 'Call API', type: 'n8n-nodes-base.httpRequest', parameters: { body: long } },
        executionPath: Array.from({ length: 1_000 }, (_, i) => `node ${i} ${'z'.repeat(300)}`),
        timings: Array.from({ length: 1_000 }, (_, i) => ({ node: `node ${i} ${'z'.repeat(300)}`, startTime: i, executionTimeMs: 1, status: 'success', runIndex: 0 })),
      }),
    );
    expect(bytes).toBeLessThanOrEqual(MAX_EVENT_BYTES);
    expect(received.digest.error?.message.startsWith('yyyy')).toBe(true);
    expect(received.executionId).toBe('1');
  });
});
