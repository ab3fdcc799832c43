import type { Kv } from '../../infra/kv.ts';

export interface PollIntervals {
  /** Someone has the workflow (or the instance) open right now. */
  watchedMs: number;
  idleMs: number;
  /** Ceiling for the exponential backoff while an instance is down. */
  maxBackoffMs: number;
}

export const DEFAULT_POLL_INTERVALS: PollIntervals = { watchedMs: 1_000, idleMs: 30_000, maxBackoffMs: 5 * 60_000 };

export interface PollCoordinatorOptions {
  kv: Kv;
  /** This process's name in leases, unique across the cluster. */
  owner: string;
  listInstanceIds(): Promise<string[]>;
  /**
   * Polls one instance. `fence` is the lease's fencing token: the store refuses writes carrying a
   * token older than the newest it has seen, so a process that lost its lease while paused
   * cannot overwrite its successor's progress. Throw to report the instance as down.
   */
  pollOnce(instanceId: string, fence: number): Promise<void>;
  intervals?: PollIntervals;
  leaseTtlMs?: number;
  tickMs?: number;
  onError?(instanceId: string, error: unknown, retryInMs: number): void;
  /**
   * Whether the error says this server's own store is down (not the instance): retried at the
   * watched interval, without backing off, so polling resumes within a second of its return.
   */
  isStoreDown?(error: unknown): boolean;
  /** How many instances this process holds, after each round. */
  onHeld?(count: number): void;
}

interface InstanceState {
  fence: number | null;
  leaseRenewedAt: number;
  nextPollAt: number;
  lastPollAt: number;
  failures: number;
  polling: boolean;
}

const leaseKey = (instanceId: string) => `poll:lease:${instanceId}`;
const watchKey = (instanceId: string) => `poll:watch:${instanceId}`;

/** Marks an instance as watched for `ttlMs`; any process's gateway calls this while a panel is subscribed. */
export function markWatched(kv: Kv, instanceId: string, ttlMs = 45_000): Promise<void> {
  return kv.set(watchKey(instanceId), '1', ttlMs);
}

/**
 * Runs exactly one poller per n8n instance across every server process: each process tries to
 * take a lease per instance; the holder keeps renewing it and polls on an adaptive schedule
 * (1 s when watched, 30 s otherwise, exponential backoff while the instance is down). When the
 * holder dies its lease expires and another process takes over within `leaseTtlMs`.
 */
export class PollCoordinator {
  private readonly options: Required<Omit<PollCoordinatorOptions, 'onError' | 'onHeld' | 'isStoreDown'>> & Pick<PollCoordinatorOptions, 'onError' | 'onHeld' | 'isStoreDown'>;
  private readonly states = new Map<string, InstanceState>();
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;

  constructor(options: PollCoordinatorOptions) {
    this.options = { intervals: DEFAULT_POLL_INTERVALS, leaseTtlMs: 4_000, tickMs: 250, ...options };
  }

  start(): void {
    this.timer ??= setInterval(() => {
      this.ticking ??= this.tick().finally(() => (this.ticking = undefined));
    }, this.options.tickMs);
  }

  /** Stops polling and hands every lease back so another process can take over at once. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.ticking;
    await Promise.all([...this.states.entries()].filter(([, s]) => s.fence !== null).map(([id]) => this.options.kv.releaseLease(leaseKey(id), this.options.owner)));
    this.states.clear();
  }

  /** Instances this process currently polls. */
  held(): string[] {
    return [...this.states.entries()].filter(([, s]) => s.fence !== null).map(([id]) => id);
  }

  /** Poll this instance on the next tick (a panel just opened it). */
  pollSoon(instanceId: string): void {
    const state = this.states.get(instanceId);
    if (state && state.failures === 0) state.nextPollAt = 0;
  }

  private async tick(): Promise<void> {
    const { kv, owner, leaseTtlMs } = this.options;
    const now = Date.now();
    const ids = await this.options.listInstanceIds().catch(() => [...this.states.keys()]);
    for (const gone of [...this.states.keys()].filter((id) => !ids.includes(id))) {
      await kv.releaseLease(leaseKey(gone), owner);
      this.states.delete(gone);
    }
    for (const id of ids) {
      const state = this.states.get(id) ?? { fence: null, leaseRenewedAt: 0, nextPollAt: 0, lastPollAt: 0, failures: 0, polling: false };
      this.states.set(id, state);
      // Renew at a third of the TTL; a pause longer than the TTL loses the lease, and the fence says so.
      if (state.fence === null || now - state.leaseRenewedAt > leaseTtlMs / 3) {
        const fence = await kv.lease(leaseKey(id), owner, leaseTtlMs).catch(() => null);
        if (fence !== state.fence) state.nextPollAt = 0;
        state.fence = fence;
        state.leaseRenewedAt = now;
      }
      if (state.fence === null || state.polling) continue;
      const watched = (await kv.get(watchKey(id)).catch(() => null)) !== null;
      const due = state.failures === 0 && watched ? Math.min(state.nextPollAt, state.lastPollAt + this.options.intervals.watchedMs) : state.nextPollAt;
      if (due > now) continue;
      state.polling = true;
      void this.pollInstance(id, state, state.fence, watched);
    }
    this.options.onHeld?.(this.held().length);
  }

  private async pollInstance(id: string, state: InstanceState, fence: number, watched: boolean): Promise<void> {
    const { intervals } = this.options;
    state.lastPollAt = Date.now();
    try {
      await this.options.pollOnce(id, fence);
      state.failures = 0;
      state.nextPollAt = Date.now() + (watched ? intervals.watchedMs : intervals.idleMs);
    } catch (error) {
      const storeDown = this.options.isStoreDown?.(error) ?? false;
      if (!storeDown) state.failures += 1;
      const retryInMs = storeDown ? intervals.watchedMs : Math.min(intervals.maxBackoffMs, intervals.watchedMs * 2 ** state.failures);
      state.nextPollAt = Date.now() + retryInMs;
      this.options.onError?.(id, error, retryInMs);
    } finally {
      state.polling = false;
    }
  }
}
