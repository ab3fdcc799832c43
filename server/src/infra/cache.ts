import { LRUCache } from 'lru-cache';
import type { Kv } from './kv.ts';

/** What the cache reports (the app's Prometheus metrics fit it). */
export interface CacheMetrics {
  cacheLookups: { inc(labels: { cache: string; result: string }): void };
  cacheInvalidationFailures: { inc(labels: { cache: string }): void };
  trackHitRatio(cache: string, ratio: () => number): void;
}

/** A cached value: JSON text, plus whatever its reader precomputes from it once per entry. */
export interface CachedJson {
  readonly text: string;
}

/**
 * Two-level cache: an in-process LRU (L1) in front of Redis (L2; the in-process stand-in when
 * embedded). Writes `bump` a scope's version in Redis before they answer, and every read asks Redis
 * for it (one GET): keys built with `version(scope)` then change, so every page cached under the
 * old version, in any process, is skipped at once and expires on its own.
 *
 * A write has already committed when it bumps, so a bump never fails the request: when Redis is
 * down the new version holds in this process at once, the failure is reported (`onError`) and
 * counted, and the bump is retried until Redis takes it; meanwhile every process reads with the
 * version it last knew, so none serves a page from before the write for longer than the TTL after
 * Redis is back.
 */
export class TwoLevelCache<Value extends CachedJson> {
  private readonly l1: LRUCache<string, { value: Value }>;
  private readonly hits = { l1: 0, l2: 0, miss: 0 };

  private readonly name: string;
  private readonly kv: Kv;
  private readonly metrics: CacheMetrics;
  private readonly ttlMs: number;
  private readonly fromText: (text: string) => Value;
  private readonly retryMs: number;

  /**
   * `fromText` turns JSON text into the value kept in L1 (the HTTP layer keeps the whole answer
   * as bytes, ready to send), so that work happens once per entry, not once per hit.
   */
  constructor(
    name: string,
    kv: Kv,
    metrics: CacheMetrics,
    fromText: (text: string) => Value,
    { maxEntries = 5_000, ttlMs = 60_000, retryMs = 1_000, onError = () => undefined }: { maxEntries?: number; ttlMs?: number; retryMs?: number; onError?: (error: unknown, scope: string) => void } = {},
  ) {
    this.name = name;
    this.onError = onError;
    this.retryMs = retryMs;
    this.versions = new LRUCache({ max: maxEntries, ttl: ttlMs });
    this.kv = kv;
    this.metrics = metrics;
    this.fromText = fromText;
    this.l1 = new LRUCache({ max: maxEntries, ttl: ttlMs });
    this.ttlMs = ttlMs;
    metrics.trackHitRatio(name, () => this.hitRate());
  }

  private readonly versions: LRUCache<string, string>;
  /** Scopes whose bump did not reach Redis yet, with the version to send. */
  private readonly unsent = new Map<string, string>();
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly onError: (error: unknown, scope: string) => void;

  /**
   * The current version of a scope (a user's templates, all public templates, …), read from Redis
   * on every call: a write another process has answered is then seen by the next read here, instead
   * of after its pub/sub message arrives. Only while Redis is unreachable (or this process's own
   * bump has not reached it yet) does the version this process last knew stand in.
   */
  async version(scope: string): Promise<string> {
    const pending = this.unsent.get(scope);
    if (pending !== undefined) return pending;
    const stored = await this.readVersion(scope);
    if (stored === undefined) return this.versions.get(scope) ?? '0';
    this.versions.set(scope, stored ?? '0');
    return stored ?? '0';
  }

  /**
   * Reads that arrive together share one GET: it is sent on the next turn of the event loop, after
   * all of them arrived, so it still sees every write answered before any of them.
   */
  private readVersion(scope: string): Promise<string | null | undefined> {
    let batch = this.versionReads.get(scope);
    if (!batch) {
      batch = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
        this.versionReads.delete(scope);
        return this.kv.get(`cache:${this.name}:version:${scope}`).catch(() => undefined);
      });
      this.versionReads.set(scope, batch);
    }
    return batch;
  }

  private readonly versionReads = new Map<string, Promise<string | null | undefined>>();

  async bump(scope: string): Promise<void> {
    const next = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    this.versions.set(scope, next);
    this.unsent.set(scope, next);
    await this.send(scope, next, true);
  }

  /** Whether every bump has reached Redis (false while some wait for it to come back). */
  get settled(): boolean {
    return this.unsent.size === 0;
  }

  /** Sends a bump; a failure is reported once (`report`), not on every retry, and counted each time. */
  private async send(scope: string, version: string, report = false): Promise<void> {
    try {
      await this.kv.set(`cache:${this.name}:version:${scope}`, version);
      if (this.unsent.get(scope) === version) this.unsent.delete(scope);
    } catch (error) {
      this.metrics.cacheInvalidationFailures.inc({ cache: this.name });
      if (report) this.onError(error, scope);
      this.retryTimer ??= setTimeout(() => void this.retryUnsent(), this.retryMs).unref();
    }
  }

  private async retryUnsent(): Promise<void> {
    this.retryTimer = undefined;
    for (const [scope, version] of [...this.unsent]) await this.send(scope, version);
  }

  async stop(): Promise<void> {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  /** The cached JSON text for `key`, loading (and caching) it on a miss; sent as it is, never re-parsed. */
  async getOrLoadJson(key: string, load: () => Promise<unknown>): Promise<Value> {
    const local = this.l1.get(key);
    if (local) return this.count('l1', local.value);
    const remote = await this.kv.get(`cache:${this.name}:${key}`).catch(() => null);
    const raw = this.fromText(remote ?? JSON.stringify(await load()));
    this.l1.set(key, { value: raw });
    if (remote === null) await this.kv.set(`cache:${this.name}:${key}`, raw.text, this.ttlMs).catch(() => undefined);
    return this.count(remote === null ? 'miss' : 'l2', raw);
  }

  hitRate(): number {
    const total = this.hits.l1 + this.hits.l2 + this.hits.miss;
    return total ? (this.hits.l1 + this.hits.l2) / total : 0;
  }

  private count<T>(result: 'l1' | 'l2' | 'miss', value: T): T {
    this.hits[result]++;
    this.metrics.cacheLookups.inc({ cache: this.name, result });
    return value;
  }
}
