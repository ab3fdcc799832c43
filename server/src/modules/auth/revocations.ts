import type { EntityManager } from '@mikro-orm/sql';
import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import { keepSubscribed, type Kv } from '../../infra/kv.ts';
import { RefreshTokenFamilyRepository } from './repository.ts';
import { ACCESS_TOKEN_SECONDS } from './tokens.ts';

const CHANNEL = 'session:revoked';
const key = (sessionId: string) => `session:revoked:${sessionId}`;
/** How long a "not ended" answer from Redis is trusted in this process (pub/sub tells sooner). */
const CHECKED_MS = 5_000;
/** How often an end that did not reach Redis is sent again. */
const RETRY_MS = 1_000;

/**
 * Ended sessions, so that logging out (or a refresh token's reuse) ends the session's access
 * tokens at once instead of when they expire. An ended session is a key in Redis, kept as long as
 * an access token lives, and a message to every process: each keeps the ended ones it heard of in
 * memory and tells its listeners (the stream closes that session's sockets). A token is checked
 * against memory, then Redis at most once per session every 5 s (no round trip per request), and
 * when Redis cannot answer, against the session's row in the database.
 */
export class SessionRevocations {
  private readonly kv: Kv;
  private readonly logger: Logger;
  private readonly ended = new LRUCache<string, true>({ max: 100_000, ttl: ACCESS_TOKEN_SECONDS * 1000 });
  private readonly checked = new LRUCache<string, boolean>({ max: 100_000, ttl: CHECKED_MS });
  private readonly listeners = new Set<(sessionId: string) => void>();
  private unsubscribe: (() => Promise<void>) | undefined;
  /** Ends Redis has not taken yet (it was down), sent again until it does. */
  private readonly unsent = new Set<string>();
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(kv: Kv, logger: Logger) {
    this.kv = kv;
    this.logger = logger;
  }

  /** Hears of sessions ended in other processes (retrying while Redis is down). */
  async start(): Promise<void> {
    this.unsubscribe = await keepSubscribed(
      () => this.kv.subscribe(CHANNEL, (sessionId) => this.markEnded(sessionId)),
      (error) => this.logger.warn({ err: error }, 'cannot hear of ended sessions yet; retrying in 5 s'),
    );
  }

  async stop(): Promise<void> {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    await this.unsubscribe?.();
  }

  /**
   * Records the end (the session's row is already revoked) and tells every process. While Redis is
   * down the other processes read the row instead; the end is sent again every second until Redis
   * takes it, or once it is back they would ask Redis, hear "not ended" and take the token again.
   */
  async revoke(sessionId: string): Promise<void> {
    this.markEnded(sessionId);
    await this.send(sessionId, true);
  }

  /** Whether every end has reached Redis (false while some wait for it to come back). */
  get settled(): boolean {
    return this.unsent.size === 0;
  }

  private async send(sessionId: string, report = false): Promise<void> {
    try {
      await this.kv.set(key(sessionId), '1', ACCESS_TOKEN_SECONDS * 1000);
      await this.kv.publish(CHANNEL, sessionId);
      this.unsent.delete(sessionId);
    } catch (error) {
      this.unsent.add(sessionId);
      if (report) this.logger.warn({ err: error, sessionId }, 'session revocation did not reach Redis; retrying until it does');
      this.retryTimer ??= setTimeout(() => void this.retryUnsent(), RETRY_MS).unref();
    }
  }

  private async retryUnsent(): Promise<void> {
    this.retryTimer = undefined;
    for (const sessionId of [...this.unsent]) await this.send(sessionId);
  }

  async isRevoked(sessionId: string, em: () => EntityManager): Promise<boolean> {
    if (this.ended.has(sessionId)) return true;
    const known = this.checked.get(sessionId);
    if (known !== undefined) return known;
    let revoked: boolean;
    try {
      revoked = (await this.kv.get(key(sessionId))) !== null;
    } catch {
      const family = await new RefreshTokenFamilyRepository(em()).find(sessionId);
      revoked = !family || family.revokedAt !== null;
    }
    if (revoked) this.ended.set(sessionId, true);
    else this.checked.set(sessionId, false);
    return revoked;
  }

  /** Calls `listener` with each session ended, here or elsewhere; answers the unsubscribe. */
  onEnded(listener: (sessionId: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private markEnded(sessionId: string): void {
    this.ended.set(sessionId, true);
    this.checked.delete(sessionId);
    for (const listener of this.listeners) listener(sessionId);
  }
}
