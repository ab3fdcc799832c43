import { executionEventSchema, type ExecutionEvent } from '@ai-http/shared/realtime/protocol';
import type { Kv } from '../../infra/kv.ts';

const STREAM = 'events:executions';
const CHANNEL = 'events:executions';
const REPLAY_PAGE = 500;
/** How long an execution's announcement is remembered, so the poller does not repeat the hook's. */
const ANNOUNCED_MS = 24 * 60 * 60_000;
/** The largest event the stream carries: every socket subscribed gets a copy (issue 13: one 200 KB event to 1,000 sockets). */
export const MAX_EVENT_BYTES = 64 * 1024;

export interface LoggedEvent {
  id: string;
  event: ExecutionEvent;
}

/**
 * Every execution event, in one cluster-wide order. Publishing appends to a capped Redis stream
 * (the id is the order and the replay cursor) and then announces it on a pub/sub channel that
 * every server process listens to. A client that reconnects anywhere replays from the stream.
 * Embedded, the same calls run on the in-process stand-ins.
 */
export class ExecutionEventLog {
  private readonly kv: Kv;
  private readonly maxLength: number;

  constructor(kv: Kv, { maxLength = 100_000 }: { maxLength?: number } = {}) {
    this.kv = kv;
    this.maxLength = maxLength;
  }

  /** Appends and announces the event, cut to MAX_EVENT_BYTES (capEvent) first. */
  async publish(event: ExecutionEvent): Promise<string> {
    const data = capEvent(event);
    const id = await this.kv.append(STREAM, data, this.maxLength);
    await this.kv.publish(CHANNEL, JSON.stringify({ id, data }));
    return id;
  }

  /**
   * Publishes an execution's outcome unless it was published already (the n8n hook and the poller
   * both see it: whichever comes first announces). Started events are the poller's alone and always
   * go out. Answers whether it published.
   */
  async publishOnce(event: ExecutionEvent): Promise<boolean> {
    if (event.type !== 'execution.started' && !(await this.kv.claim(`announced:${event.instanceId}:${event.executionId}:${event.type}`, ANNOUNCED_MS))) return false;
    await this.publish(event);
    return true;
  }

  /** Events after `afterId`, oldest first, in pages, so a long absence does not load everything at once. */
  async *readAfter(afterId: string): AsyncGenerator<LoggedEvent> {
    let cursor = afterId;
    for (;;) {
      const page = await this.kv.readAfter(STREAM, cursor, REPLAY_PAGE);
      for (const entry of page) {
        const event = parseEvent(entry.data);
        if (event) yield { id: entry.id, event };
      }
      if (page.length < REPLAY_PAGE) return;
      cursor = page[page.length - 1]!.id;
    }
  }

  /**
   * Live events from every process. `onGap` hears that the subscription was down for a while
   * (Redis restarted or the connection dropped): read what was missed with readAfter. Returns the
   * unsubscribe function.
   */
  listen(onEvent: (logged: LoggedEvent) => void, onGap?: () => void): Promise<() => Promise<void>> {
    return this.kv.subscribe(
      CHANNEL,
      (message) => {
        const { id, data } = JSON.parse(message) as { id: string; data: string };
        const event = parseEvent(data);
        if (event) onEvent({ id, event });
      },
      onGap,
    );
  }
}

function parseEvent(data: string): ExecutionEvent | undefined {
  const parsed = executionEventSchema.safeParse(JSON.parse(data));
  return parsed.success ? parsed.data : undefined;
}

/**
 * The event as JSON, at most MAX_EVENT_BYTES: first without its input items (marked `tooLarge`,
 * as the digest marks items n8n withheld), then with its long parts shortened. The full digest
 * stays in the database.
 */
export function capEvent(event: ExecutionEvent): string {
  const whole = JSON.stringify(event);
  if (Buffer.byteLength(whole) <= MAX_EVENT_BYTES) return whole;
  const { digest } = event;
  const withoutItems: ExecutionEvent = { ...event, digest: { ...digest, inputItems: { items: [], total: digest.inputItems.total, truncated: true, unavailable: 'tooLarge' } } };
  const lighter = JSON.stringify(withoutItems);
  if (Buffer.byteLength(lighter) <= MAX_EVENT_BYTES) return lighter;
  const cut = (text: string | null, length: number) => (text === null || text.length <= length ? text : `${text.slice(0, length)}…`);
  const d = withoutItems.digest;
  const shortened: ExecutionEvent = {
    ...withoutItems,
    digest: {
      ...d,
      failingNode: d.failingNode ? { ...d.failingNode, parameters: {} } : null,
      error: d.error ? { ...d.error, message: cut(d.error.message, 2_000)!, description: cut(d.error.description, 2_000) } : null,
      explanation: cut(d.explanation, 2_000),
      fixes: d.fixes.slice(0, 10).map((fix) => cut(fix, 500)!),
      executionPath: d.executionPath.slice(0, 100).map((name) => cut(name, 100)!),
      timings: d.timings.slice(0, 100).map((timing) => ({ ...timing, node: cut(timing.node, 100)! })),
    },
  };
  return JSON.stringify(shortened);
}
