import { executionEventSchema, type ExecutionEvent } from '@ai-http/shared/realtime/protocol';
import type { Kv } from '../../infra/kv.ts';

const STREAM = 'events:executions';
const CHANNEL = 'events:executions';
const REPLAY_PAGE = 500;

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

  async publish(event: ExecutionEvent): Promise<string> {
    const data = JSON.stringify(event);
    const id = await this.kv.append(STREAM, data, this.maxLength);
    await this.kv.publish(CHANNEL, JSON.stringify({ id, data }));
    return id;
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

  /** Live events from every process. Returns the unsubscribe function. */
  listen(onEvent: (logged: LoggedEvent) => void): Promise<() => Promise<void>> {
    return this.kv.subscribe(CHANNEL, (message) => {
      const { id, data } = JSON.parse(message) as { id: string; data: string };
      const event = parseEvent(data);
      if (event) onEvent({ id, event });
    });
  }
}

function parseEvent(data: string): ExecutionEvent | undefined {
  const parsed = executionEventSchema.safeParse(JSON.parse(data));
  return parsed.success ? parsed.data : undefined;
}
