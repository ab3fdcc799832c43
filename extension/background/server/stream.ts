// The live link to the optional AI-HTTP server: one WebSocket from the background to /ws,
// subscribed to the topics some listener asked for. The server polls n8n and pushes each
// execution with its digest; this class hands every event to the topic's listeners at once.
//
// - While anyone listens the socket sends a ping every 20 s: an MV3 service worker that
//   exchanges WebSocket messages is kept alive by Chrome.
// - A dropped socket reconnects with backoff and resumes from the last event id, so nothing
//   that happened meanwhile is missed. An expired token is refreshed first.
// - The socket closes a little after the last listener leaves (navigating between workflows
//   does not reconnect).
// - A server that does not speak this extension's version (close 4010) is not retried: the
//   listeners hear 'unsupported', and only a new subscription tries again.
import { AppError } from '@ai-http/shared/errors';
import { deletedSchema } from '@ai-http/shared/api/resources';
import { serverMessageSchema, WS_CLOSE, WS_PATH, type ExecutionEvent, type Topic } from '@ai-http/shared/realtime/protocol';
import { normalizeBaseUrl, toWebSocketUrl } from '@ai-http/shared/url';
import { clientId } from '@ai-http/shared/version';
import { createServerApi, type ServerApi, type ServerInstance, type ServerSession } from './api.ts';

export const KEEPALIVE_MS = 20_000;
const IDLE_CLOSE_MS = 10_000;
const INSTANCES_TTL_MS = 60_000;
const MAX_BACKOFF_MS = 15_000;

/**
 * connecting: the first connection is being made; offline: it dropped or failed, retrying;
 * closed: the account changed (sign-out or sign-in), subscribe again if still wanted;
 * unsupported: the server does not speak this extension's version, nothing is retried.
 */
export type StreamState = 'connecting' | 'live' | 'offline' | 'closed' | 'unsupported';

export interface TopicListener {
  onEvent(event: ExecutionEvent): void;
  onState(state: StreamState): void;
}

export interface StreamDependencies {
  loadSession(): Promise<ServerSession | null>;
  saveSession(session: ServerSession | null): Promise<void>;
  /** Each event with the `performance.now()` its frame arrived at, before parsing (the stream-to-panel benchmark reads it). */
  onEventFrame?(event: ExecutionEvent, arrivedAt: number): void;
}

export class ServerStream {
  private socket: WebSocket | null = null;
  private state: StreamState = 'connecting';
  private lastEventId: string | undefined;
  /** Failed connections in a row (0 while the first one is being made or after a success). */
  private attempts = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private keepaliveTimer: ReturnType<typeof setInterval> | undefined;
  private readonly listeners = new Map<Topic, Set<TopicListener>>();
  /** Topics the server confirmed on this connection. */
  private readonly confirmed = new Set<Topic>();
  private instances: { at: number; serverUrl: string; list: ServerInstance[] } | undefined;
  private readonly deps: StreamDependencies;
  private readonly keepaliveMs: number;
  /** How this extension names itself to the server (its version): REST header and hello. */
  private readonly client: string;
  private refreshing: Promise<ServerSession> | null = null;
  /** When the server last answered a keepalive ping. */
  lastPongAt: number | null = null;
  /** Told "pull now": on a sync nudge (another device or the API wrote) and on every (re)connection. */
  private readonly syncListeners = new Set<(from: string | null) => void>();
  /** Reasons to stay connected besides topic listeners (sync, while an account syncs). */
  private holds = 0;
  /** The server answered hello on the current socket. */
  private ready = false;

  constructor(deps: StreamDependencies, { keepaliveMs = KEEPALIVE_MS, client = clientId('extension') }: { keepaliveMs?: number; client?: string } = {}) {
    this.deps = deps;
    this.keepaliveMs = keepaliveMs;
    this.client = client;
  }

  private api(serverUrl: string) {
    return createServerApi(serverUrl, { client: this.client });
  }

  /**
   * Runs `work` with the signed-in account's server client and a fresh access token (the shared
   * single-flight refresh); UNAUTHENTICATED with `noAccount` when nobody is signed in.
   */
  async withAccount<T>(work: (api: ServerApi, token: string) => Promise<T>, noAccount = 'Sign in to the AI-HTTP server first.'): Promise<T> {
    const session = await this.deps.loadSession();
    if (!session) throw new AppError('UNAUTHENTICATED', noAccount);
    return this.withFreshToken(session, (token) => work(this.api(session.serverUrl), token));
  }

  /** The server's record of an n8n (null: the server does not watch it); throws when the server does not answer. */
  async instanceFor(n8nBase: string): Promise<ServerInstance | null> {
    const session = await this.deps.loadSession();
    if (!session) return null;
    if (!this.instances || this.instances.serverUrl !== session.serverUrl || Date.now() - this.instances.at > INSTANCES_TTL_MS) {
      const list = await this.withFreshToken(session, (token) => this.api(session.serverUrl).listInstances(token));
      this.instances = { at: Date.now(), serverUrl: session.serverUrl, list };
    }
    return this.instances.list.find((i) => normalizeBaseUrl(i.url) === normalizeBaseUrl(n8nBase)) ?? null;
  }

  /** Adds an n8n instance on the server (which needs its key to poll it) unless the server already knows its address. */
  async addInstance(instance: { name: string; url: string; apiKey: string }): Promise<void> {
    this.instances = undefined;
    if (!(await this.deps.loadSession())) throw new AppError('UNAUTHENTICATED', 'Sign in to the AI-HTTP server first.');
    if (await this.instanceFor(instance.url)) return;
    // Read again: the lookup may have refreshed the tokens.
    const current = (await this.deps.loadSession())!;
    await this.withFreshToken(current, (token) => this.api(current.serverUrl).createInstance(token, instance));
    this.instances = undefined;
  }

  /** Removes an n8n instance (and so its encrypted key) from the server, when the server knows its address; answers whether it did. */
  async removeInstance(url: string): Promise<boolean> {
    this.instances = undefined;
    const known = await this.instanceFor(url);
    this.instances = undefined;
    if (!known) return false;
    await this.withAccount((api, token) => api.write(token, 'delete', `instances/${encodeURIComponent(known.id)}`, deletedSchema));
    return true;
  }

  /** Delivers the topic's events and the link's state to `listener` until the returned function is called. */
  subscribe(topic: Topic, listener: TopicListener): () => void {
    clearTimeout(this.idleTimer);
    let set = this.listeners.get(topic);
    if (!set) {
      this.listeners.set(topic, (set = new Set()));
      // On a socket already past hello (live, or held open by sync with no topic yet): subscribe now.
      if (this.state === 'live' || this.ready) this.send({ type: 'subscribe', topics: [topic] });
    }
    set.add(listener);
    listener.onState(this.confirmed.has(topic) ? 'live' : this.state === 'live' ? 'connecting' : this.state);
    this.ensureConnected();
    return () => {
      set.delete(listener);
      if (set.size) return;
      this.listeners.delete(topic);
      this.confirmed.delete(topic);
      this.send({ type: 'unsubscribe', topics: [topic] });
      if (!this.listeners.size && !this.holds) this.idleTimer = setTimeout(() => this.close(), IDLE_CLOSE_MS);
    };
  }

  /**
   * Keeps the socket connected (reconnecting as for listeners) until the returned function is
   * called, without subscribing to anything: sync holds it while an account syncs, so the server's
   * nudge arrives at once. (In Chrome the keepalive pings keep the worker running meanwhile.)
   */
  holdOpen(): () => void {
    clearTimeout(this.idleTimer);
    this.holds++;
    this.ensureConnected();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds--;
      if (!this.listeners.size && !this.holds) this.idleTimer = setTimeout(() => this.close(), IDLE_CLOSE_MS);
    };
  }

  /** Calls `listener` on each sync nudge and each time the socket is (re)connected, until the returned function is called. It does not open the socket. */
  onSync(listener: (from: string | null) => void): () => void {
    this.syncListeners.add(listener);
    return () => this.syncListeners.delete(listener);
  }

  close(): void {
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.idleTimer);
    clearInterval(this.keepaliveTimer);
    this.keepaliveTimer = this.reconnectTimer = undefined;
    const socket = this.socket;
    this.socket = null;
    this.ready = false;
    this.confirmed.clear();
    this.state = 'connecting';
    socket?.close(1000);
  }

  /** Forgets everything (the account changed): listeners hear that their subscription is over. */
  reset(): void {
    this.close();
    this.setState('closed');
    this.state = 'connecting';
    this.listeners.clear();
    this.instances = undefined;
    this.lastEventId = undefined;
    this.attempts = 0;
  }

  /**
   * Runs `work` with the access token, refreshing it once if the server says it expired (one
   * refresh at a time, shared by every caller: the stream, instances, the dashboard's reads).
   */
  async withFreshToken<T>(session: ServerSession, work: (token: string) => Promise<T>): Promise<T> {
    try {
      return await work(session.accessToken);
    } catch (error) {
      if ((error as { code?: string }).code !== 'UNAUTHENTICATED') throw error;
      const renewed = await this.refresh(session);
      return work(renewed.accessToken);
    }
  }

  /**
   * One refresh at a time, shared by everyone who needs it: the server ends the session when one
   * refresh token is used twice, so two callers refreshing at once would sign the user out.
   */
  private refresh(session: ServerSession): Promise<ServerSession> {
    this.refreshing ??= (async () => {
      try {
        const renewed = await this.api(session.serverUrl).refresh(session.refreshToken);
        await this.deps.saveSession(renewed);
        return renewed;
      } catch (error) {
        // A refresh token that was revoked or reused: the account must sign in again.
        if ((error as { code?: string }).code === 'UNAUTHENTICATED') await this.deps.saveSession(null);
        throw error;
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  private ensureConnected(): void {
    if (this.socket || this.reconnectTimer || (this.listeners.size === 0 && this.holds === 0)) return;
    void this.connect();
  }

  private async connect(): Promise<void> {
    const session = await this.deps.loadSession();
    if (!session || this.socket) return;
    const socket = new WebSocket(toWebSocketUrl(session.serverUrl, WS_PATH));
    this.socket = socket;
    socket.addEventListener('open', () => socket.send(JSON.stringify({ type: 'hello', token: session.accessToken, client: this.client })));
    socket.addEventListener('message', (message) => this.receive(String(message.data)));
    socket.addEventListener('close', (event) => void this.closed(socket, event.code, session));
    this.keepaliveTimer ??= setInterval(() => this.send({ type: 'ping' }), this.keepaliveMs);
  }

  private receive(raw: string): void {
    const arrivedAt = performance.now();
    let parsed;
    try {
      parsed = serverMessageSchema.safeParse(JSON.parse(raw));
    } catch {
      return;
    }
    if (!parsed.success) return;
    const message = parsed.data;
    if (message.type === 'sync') {
      for (const listener of this.syncListeners) listener(message.from);
    } else if (message.type === 'ready') {
      this.ready = true;
      for (const listener of this.syncListeners) listener(null);
      if (!this.listeners.size) {
        this.attempts = 0;
        return;
      }
      this.send({ type: 'subscribe', topics: [...this.listeners.keys()], ...(this.lastEventId ? { lastEventId: this.lastEventId } : {}) });
    } else if (message.type === 'subscribed') {
      this.attempts = 0;
      for (const topic of message.topics) this.confirmed.add(topic);
      this.state = 'live';
      for (const topic of message.topics) for (const listener of this.listeners.get(topic) ?? []) listener.onState('live');
    } else if (message.type === 'pong') {
      this.lastPongAt = Date.now();
    } else if (message.type === 'event') {
      this.lastEventId = message.id;
      this.deps.onEventFrame?.(message.event, arrivedAt);
      for (const topic of message.topics) for (const listener of this.listeners.get(topic) ?? []) listener.onEvent(message.event);
    }
  }

  private async closed(socket: WebSocket, code: number, session: ServerSession): Promise<void> {
    if (this.socket !== socket) return; // closed on purpose
    this.socket = null;
    this.ready = false;
    this.confirmed.clear();
    if (code === WS_CLOSE.CLIENT_UNSUPPORTED) {
      clearInterval(this.keepaliveTimer);
      this.keepaliveTimer = undefined;
      this.setState('unsupported');
      // The next subscription tries again: one side may have been updated by then.
      this.state = 'connecting';
      return;
    }
    this.attempts++;
    this.setState('offline');
    if (code === WS_CLOSE.FORBIDDEN_ORIGIN) return;
    if (code === WS_CLOSE.UNAUTHORIZED) await this.refresh(session).catch(() => undefined);
    if (this.listeners.size === 0 && this.holds === 0) return;
    const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** this.attempts);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      void this.connect();
    }, delay);
  }

  private setState(state: StreamState): void {
    this.state = state;
    for (const set of this.listeners.values()) for (const listener of set) listener.onState(state);
  }

  private send(message: object): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }
}
