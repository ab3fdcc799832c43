import type { Kv } from '../../infra/kv.ts';

const CHANNEL = 'events:sync';

export interface SyncNudge {
  userId: string;
  cursor: number;
  /** The device whose push caused it (it need not pull), or null for a REST or CLI write. */
  from: string | null;
}

/**
 * "Pull now" for a user's devices, across server processes: a write publishes on a pub/sub
 * channel, every process passes it to that user's sockets (stream.ts). A nudge that is lost (Redis
 * down) costs only latency: devices also pull on a timer and on reconnect.
 */
export class SyncNudges {
  private readonly kv: Kv;

  constructor(kv: Kv) {
    this.kv = kv;
  }

  publish(nudge: SyncNudge): Promise<void> {
    return this.kv.publish(CHANNEL, JSON.stringify(nudge));
  }

  listen(onNudge: (nudge: SyncNudge) => void): Promise<() => Promise<void>> {
    return this.kv.subscribe(CHANNEL, (message) => onNudge(JSON.parse(message) as SyncNudge));
  }
}
