import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';
import type { Config } from '../config.ts';

/**
 * The slice of Redis the server uses. `RedisKv` talks to a real Redis; `MemoryKv` is the
 * in-process stand-in for the embedded default (one process, nothing shared, nothing persisted).
 */
export interface Kv {
  readonly kind: 'redis' | 'memory';
  /** The ioredis client, for libraries that take one (rate-limiter-flexible); null when embedded. */
  readonly redis: Redis | null;
  ping(): Promise<void>;
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlMs?: number): Promise<void>;
  del(...keys: string[]): Promise<void>;
  /** Sets `key` only if it is not set (SET NX): true for the one caller that set it. */
  claim(key: string, ttlMs: number): Promise<boolean>;
  publish(channel: string, message: string): Promise<void>;
  /**
   * Returns an unsubscribe function. `onResubscribed` hears that the subscription is back after
   * the connection to Redis dropped: what was published in between never arrived.
   */
  subscribe(channel: string, onMessage: (message: string) => void, onResubscribed?: () => void): Promise<() => Promise<void>>;
  /** Appends to a capped, ordered log (a Redis stream) and returns the entry's id, `<ms>-<seq>`. */
  append(stream: string, data: string, maxLength: number): Promise<string>;
  /** Entries strictly after `afterId`, oldest first, at most `count`. */
  readAfter(stream: string, afterId: string, count: number): Promise<{ id: string; data: string }[]>;
  /**
   * Takes a lease on `key` for `owner`, or renews it if `owner` already holds it. Returns the
   * lease's fencing token (it grows with every new holder, so a stale holder's writes can be
   * told apart), or null when someone else holds it.
   */
  lease(key: string, owner: string, ttlMs: number): Promise<number | null>;
  /** Gives the lease up if `owner` still holds it. */
  releaseLease(key: string, owner: string): Promise<void>;
  close(): Promise<void>;
}

// KEYS[1] lease, KEYS[2] fence counter; ARGV owner, ttl. Renew keeps the token; a new holder bumps it.
// The token is at least Redis's clock in microseconds: a Redis restarted without its data (the
// counter back at 0) still hands out tokens above every one given before, which the store keeps
// (poll_fence). Microseconds (about 2^51 today, exact in a double) and not milliseconds: two
// leases a test takes around a wiped counter can fall in one millisecond. %d writes the token as
// an integer wherever it is stored: Lua 5.1 prints such a number as 1.7959353217071e+15, which
// INCR refuses and which, read back on renewal, is a smaller token than the one handed out.
const LEASE_SCRIPT = `
local holder = redis.call('GET', KEYS[1])
if holder == false then
  local token = redis.call('INCR', KEYS[2])
  local time = redis.call('TIME')
  local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
  if token < now then
    token = now
    redis.call('SET', KEYS[2], string.format('%d', token))
  end
  redis.call('SET', KEYS[1], ARGV[1] .. '|' .. string.format('%d', token), 'PX', ARGV[2])
  return token
end
local sep = string.find(holder, '|', 1, true)
if string.sub(holder, 1, sep - 1) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return tonumber(string.sub(holder, sep + 1))
end
return -1`;
const RELEASE_SCRIPT = `
local holder = redis.call('GET', KEYS[1])
if holder and string.sub(holder, 1, string.len(ARGV[1]) + 1) == ARGV[1] .. '|' then return redis.call('DEL', KEYS[1]) end
return 0`;

/** The listeners' event for "the subscriber connection is back" (no channel is named this). */
const RESUBSCRIBED = '\0resubscribed';

/**
 * Whether an error is Redis being unreachable (the client refuses commands while it reconnects,
 * since it queues none): the request may be retried, so it is a 503, not a 500.
 */
export function isKvOutage(error: unknown): boolean {
  const { name, message } = (error ?? {}) as { name?: unknown; message?: unknown };
  return name === 'MaxRetriesPerRequestError' || (typeof message === 'string' && KV_OUTAGE_MESSAGE.test(message));
}
const KV_OUTAGE_MESSAGE = /^(Stream isn't writeable and enableOfflineQueue options is false|Connection is closed\.|Reached the max retries per request limit)/;

export function createKv(config: Config['redis']): Kv {
  return config.kind === 'redis' ? new RedisKv(config.url, config.keyPrefix) : new MemoryKv();
}

class RedisKv implements Kv {
  readonly kind = 'redis';
  readonly redis: Redis;
  private readonly client: Redis;
  private subscriber: Redis | undefined;
  private readonly listeners = new EventEmitter();
  private readonly prefix: string;

  constructor(url: string, prefix: string) {
    this.prefix = prefix;
    // Fail fast instead of queueing commands forever while Redis is down: /readyz must answer.
    // Reconnect at least every 500 ms (ioredis' default waits up to 2 s): leases, events and the
    // subscription come back soon after Redis does.
    this.client = new Redis(url, { keyPrefix: prefix, lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2_000, enableOfflineQueue: false, retryStrategy: (attempt) => Math.min(attempt * 50, 500) });
    this.client.on('error', () => {}); // surfaced through ping() and command failures instead
    this.redis = this.client;
  }

  private async ready(): Promise<Redis> {
    if (this.client.status === 'wait') await this.client.connect();
    return this.client;
  }

  async ping() {
    await (await this.ready()).ping();
  }
  async get(key: string) {
    return (await this.ready()).get(key);
  }
  async set(key: string, value: string, ttlMs?: number) {
    const client = await this.ready();
    if (ttlMs) await client.set(key, value, 'PX', ttlMs);
    else await client.set(key, value);
  }
  async del(...keys: string[]) {
    if (keys.length) await (await this.ready()).del(...keys);
  }
  async claim(key: string, ttlMs: number) {
    return (await (await this.ready()).set(key, '1', 'PX', ttlMs, 'NX')) === 'OK';
  }
  async publish(channel: string, message: string) {
    await (await this.ready()).publish(this.prefix + channel, message);
  }
  async subscribe(channel: string, onMessage: (message: string) => void, onResubscribed?: () => void) {
    const name = this.prefix + channel;
    if (!this.subscriber) {
      const subscriber = this.client.duplicate({ keyPrefix: '', enableOfflineQueue: true });
      this.subscriber = subscriber;
      subscriber.on('error', () => {});
      subscriber.on('message', (ch: string, msg: string) => this.listeners.emit(ch, msg));
      let connectedBefore = false;
      // ioredis subscribes again on reconnect; a PING on the same connection answers after the
      // SUBSCRIBE did, so listeners hear "back" only once messages flow again.
      subscriber.on('ready', () => {
        if (!connectedBefore) return void (connectedBefore = true);
        subscriber.ping().then(
          () => this.listeners.emit(RESUBSCRIBED),
          () => undefined,
        );
      });
    }
    if (this.listeners.listenerCount(name) === 0) await this.subscriber.subscribe(name);
    this.listeners.on(name, onMessage);
    if (onResubscribed) this.listeners.on(RESUBSCRIBED, onResubscribed);
    return async () => {
      this.listeners.off(name, onMessage);
      if (onResubscribed) this.listeners.off(RESUBSCRIBED, onResubscribed);
      if (this.listeners.listenerCount(name) === 0) await this.subscriber?.unsubscribe(name);
    };
  }
  async append(stream: string, data: string, maxLength: number) {
    const id = await (await this.ready()).xadd(stream, 'MAXLEN', '~', maxLength, '*', 'd', data);
    if (!id) throw new Error(`XADD ${stream} returned no id`);
    return id;
  }
  async readAfter(stream: string, afterId: string, count: number) {
    const entries = await (await this.ready()).xrange(stream, `(${afterId}`, '+', 'COUNT', count);
    return entries.map(([id, fields]) => ({ id, data: fields[1] ?? '' }));
  }
  async lease(key: string, owner: string, ttlMs: number) {
    const token = Number(await (await this.ready()).eval(LEASE_SCRIPT, 2, key, `${key}:fence`, owner, ttlMs));
    return token < 0 ? null : token;
  }
  async releaseLease(key: string, owner: string) {
    await (await this.ready()).eval(RELEASE_SCRIPT, 1, key, owner);
  }
  async close() {
    this.subscriber?.disconnect();
    if (this.client.status !== 'wait' && this.client.status !== 'end') await this.client.quit().catch(() => this.client.disconnect());
  }
}

class MemoryKv implements Kv {
  readonly kind = 'memory';
  readonly redis = null;
  private readonly values = new Map<string, { value: string; expiresAt: number }>();
  private readonly channels = new EventEmitter();
  private readonly streams = new Map<string, { entries: { id: string; data: string }[]; lastMs: number; lastSeq: number }>();
  private readonly leases = new Map<string, { owner: string; token: number; expiresAt: number }>();
  private readonly fences = new Map<string, number>();

  async ping() {}
  async get(key: string) {
    const entry = this.values.get(key);
    if (!entry) return null;
    if (entry.expiresAt <= Date.now()) {
      this.values.delete(key);
      return null;
    }
    return entry.value;
  }
  async set(key: string, value: string, ttlMs?: number) {
    this.values.set(key, { value, expiresAt: ttlMs ? Date.now() + ttlMs : Number.POSITIVE_INFINITY });
  }
  async del(...keys: string[]) {
    for (const key of keys) this.values.delete(key);
  }
  async claim(key: string, ttlMs: number) {
    if ((await this.get(key)) !== null) return false;
    await this.set(key, '1', ttlMs);
    return true;
  }
  async publish(channel: string, message: string) {
    // Redis delivers asynchronously; so does the stand-in, so callers see the same ordering rules.
    queueMicrotask(() => this.channels.emit(channel, message));
  }
  async subscribe(channel: string, onMessage: (message: string) => void) {
    this.channels.on(channel, onMessage);
    return async () => {
      this.channels.off(channel, onMessage);
    };
  }
  async append(stream: string, data: string, maxLength: number) {
    const log = this.streams.get(stream) ?? { entries: [], lastMs: 0, lastSeq: -1 };
    this.streams.set(stream, log);
    // Same id rule as Redis: milliseconds, then a sequence within the millisecond, never going back.
    const now = Date.now();
    if (now > log.lastMs) [log.lastMs, log.lastSeq] = [now, 0];
    else log.lastSeq += 1;
    const id = `${log.lastMs}-${log.lastSeq}`;
    log.entries.push({ id, data });
    if (log.entries.length > maxLength) log.entries.splice(0, log.entries.length - maxLength);
    return id;
  }
  async readAfter(stream: string, afterId: string, count: number) {
    const entries = this.streams.get(stream)?.entries ?? [];
    const [ms = 0, seq = 0] = afterId.split('-').map(Number);
    const start = entries.findIndex((entry) => {
      const [entryMs = 0, entrySeq = 0] = entry.id.split('-').map(Number);
      return entryMs > ms || (entryMs === ms && entrySeq > seq);
    });
    return start === -1 ? [] : entries.slice(start, start + count);
  }
  async lease(key: string, owner: string, ttlMs: number) {
    const held = this.leases.get(key);
    if (held && held.expiresAt > Date.now() && held.owner !== owner) return null;
    const token = held && held.owner === owner && held.expiresAt > Date.now() ? held.token : (this.fences.get(key) ?? 0) + 1;
    this.fences.set(key, token);
    this.leases.set(key, { owner, token, expiresAt: Date.now() + ttlMs });
    return token;
  }
  async releaseLease(key: string, owner: string) {
    if (this.leases.get(key)?.owner === owner) this.leases.delete(key);
  }
  async close() {
    this.values.clear();
    this.streams.clear();
    this.channels.removeAllListeners();
  }
}

/**
 * Keeps a subscription up when Redis may be down (at start, say): `subscribe` is tried now and
 * then every `retryMs` until it succeeds, `onRetry` hearing each failure. Answers the stop.
 */
export async function keepSubscribed(subscribe: () => Promise<() => Promise<void>>, onRetry: (error: unknown) => void, retryMs = 5_000): Promise<() => Promise<void>> {
  let unsubscribe: (() => Promise<void>) | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const attempt = async () => {
    try {
      const stop = await subscribe();
      if (stopped) await stop();
      else unsubscribe = stop;
    } catch (error) {
      onRetry(error);
      if (!stopped) timer = setTimeout(() => void attempt(), retryMs).unref();
    }
  };
  await attempt();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await unsubscribe?.();
  };
}
