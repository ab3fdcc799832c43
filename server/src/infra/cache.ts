import { LRUCache } from 'lru-cache';
import type { Kv } from './kv.ts';

/** What the cache reports (the app's Prometheus metrics fit it). */
export interface CacheMetrics {
  cacheLookups: { inc(labels: { cache: string; result: string }): void };
  trackHitRatio(cache: string, ratio: () => number): void;
}

/** A cached value: JSON text, plus whatever its reader precomputes from it once per entry. */
export interface CachedJson {
  readonly text: string;
}

/**
 * Two-level cache: an in-process LRU (L1) in front of Redis (L2; the in-process stand-in when
 * embedded). Writes `bump` a scope's version (here, and in the other processes through pub/sub):
 * keys built with `version(scope)` then change, so every page cached under the old version is
 * skipped at once and expires on its own.
 */
export class TwoLevelCache<Value extends CachedJson> {
  private readonly l1: LRUCache<string, { value: Value }>;
  private readonly hits = { l1: 0, l2: 0, miss: 0 };
  private unsubscribe: (() => Promise<void>) | undefined;

  private readonly name: string;
  private readonly kv: Kv;
  private readonly metrics: CacheMetrics;
  private readonly ttlMs: number;
  private readonly fromText: (text: string) => Value;

  /**
   * `fromText` turns JSON text into the value kept in L1 (the HTTP layer keeps the whole answer
   * as bytes, ready to send), so that work happens once per entry, not once per hit.
   */
  constructor(name: string, kv: Kv, metrics: CacheMetrics, fromText: (text: string) => Value, { maxEntries = 5_000, ttlMs = 60_000 }: { maxEntries?: number; ttlMs?: number } = {}) {
    this.name = name;
    this.kv = kv;
    this.metrics = metrics;
    this.fromText = fromText;
    this.l1 = new LRUCache({ max: maxEntries, ttl: ttlMs });
    this.ttlMs = ttlMs;
    metrics.trackHitRatio(name, () => this.hitRate());
  }

  private readonly versions = new Map<string, string>();

  async start(): Promise<void> {
    this.unsubscribe = await this.kv.subscribe(`cache:${this.name}:invalidate`, (key) => {
      this.l1.delete(key);
      this.versions.delete(key);
    });
  }

  /** The current version of a scope (a user's templates, all public templates, …). */
  async version(scope: string): Promise<string> {
    const known = this.versions.get(scope);
    if (known !== undefined) return known;
    const stored = (await this.kv.get(`cache:${this.name}:version:${scope}`).catch(() => null)) ?? '0';
    this.versions.set(scope, stored);
    return stored;
  }

  async bump(scope: string): Promise<void> {
    const next = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    this.versions.set(scope, next);
    await this.kv.set(`cache:${this.name}:version:${scope}`, next);
    await this.kv.publish(`cache:${this.name}:invalidate`, scope);
  }
  async stop(): Promise<void> {
    await this.unsubscribe?.();
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
