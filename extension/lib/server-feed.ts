// The debugger's live source when an AI-HTTP account is connected: one WebSocket from the
// background to the server's /ws, subscribed to the workflows whose panels are open. The
// server polls n8n and pushes each execution with its digest; the background keeps the rows.
//
// - While a panel is open the socket sends a ping every 20 s: an MV3 service worker that
//   exchanges WebSocket messages is kept alive by Chrome.
// - A dropped socket reconnects with backoff and resumes from the last event id, so nothing
//   that happened meanwhile is missed. An expired token is refreshed first.
// - When no panel has asked for 60 s the socket closes.
import { AppError } from '@ai-http/shared/errors';
import type { ExecutionDigest } from '@ai-http/shared/n8n/digest-schema';
import { serverMessageSchema, WS_CLOSE, WS_PATH, workflowTopic, type ExecutionEvent, type Topic } from '@ai-http/shared/realtime/protocol';
import type { ExecutionRow } from './messages.ts';
import { createServerApi, type ServerInstance, type ServerSession } from './server-api.ts';

export const KEEPALIVE_MS = 20_000;
const IDLE_CLOSE_MS = 60_000;
const INSTANCES_TTL_MS = 60_000;
const MAX_BACKOFF_MS = 15_000;

export type FeedView =
  /** No account connected. */
  | { state: 'off' }
  /** The server does not know this n8n (add it there with its API key). */
  | { state: 'notOnServer' }
  /** The first connection is being made: the panel polls n8n directly meanwhile. */
  | { state: 'connecting' }
  /** The server does not answer: the panel polls n8n directly until it is back. */
  | { state: 'offline' }
  | { state: 'live'; topic: Topic; rows: ExecutionRow[]; seeded: boolean };

interface Watched {
  rows: Map<string, ExecutionRow>;
  seeded: boolean;
  lastAskedAt: number;
}

export interface FeedDependencies {
  loadSession(): Promise<ServerSession | null>;
  saveSession(session: ServerSession | null): Promise<void>;
  /** Each streamed execution, e.g. to keep its digest for the detail view. */
  onExecution(event: ExecutionEvent): Promise<void> | void;
}

const rowOf = (digest: ExecutionDigest): ExecutionRow => ({ id: digest.executionId, status: digest.status, mode: digest.mode, startedAt: digest.startedAt, stoppedAt: digest.stoppedAt });
const normalise = (url: string) => url.replace(/\/+$/, '');

export class ServerFeed {
  private socket: WebSocket | null = null;
  private live = false;
  private lastEventId: string | undefined;
  /** Failed connections in a row (0 while the first one is being made or after a success). */
  private attempts = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private keepaliveTimer: ReturnType<typeof setInterval> | undefined;
  private readonly watched = new Map<Topic, Watched>();
  private instances: { at: number; serverUrl: string; list: ServerInstance[] } | undefined;
  private readonly deps: FeedDependencies;
  private readonly keepaliveMs: number;
  /** When the server last answered a keepalive ping. */
  lastPongAt: number | null = null;

  constructor(deps: FeedDependencies, { keepaliveMs = KEEPALIVE_MS }: { keepaliveMs?: number } = {}) {
    this.deps = deps;
    this.keepaliveMs = keepaliveMs;
  }

  /** What the panel of `workflowId` on `n8nBase` should show, subscribing to it if needed. */
  async view(n8nBase: string, workflowId: string): Promise<FeedView> {
    const session = await this.deps.loadSession();
    if (!session) {
      this.close();
      return { state: 'off' };
    }
    const instance = await this.serverInstanceFor(session, n8nBase).catch(() => undefined);
    if (instance === null) return { state: 'notOnServer' };
    if (!instance) return { state: 'offline' }; // the server did not answer the instance list
    const topic = workflowTopic(instance.id, workflowId);
    let watched = this.watched.get(topic);
    if (!watched) {
      this.watched.set(topic, (watched = { rows: new Map(), seeded: false, lastAskedAt: Date.now() }));
      if (this.live) this.send({ type: 'subscribe', topics: [topic] });
    }
    watched.lastAskedAt = Date.now();
    this.ensureConnected();
    if (!this.live) return { state: this.attempts === 0 ? 'connecting' : 'offline' };
    return { state: 'live', topic, rows: [...watched.rows.values()].sort(newestFirst), seeded: watched.seeded };
  }

  /** Rows read from n8n once, as the starting point the stream then keeps current; the topic's rows after it. */
  seed(topic: Topic, rows: ExecutionRow[]): ExecutionRow[] {
    const watched = this.watched.get(topic);
    if (!watched) return rows;
    if (!watched.seeded) for (const row of rows) if (!watched.rows.has(row.id)) watched.rows.set(row.id, row);
    watched.seeded = true;
    return [...watched.rows.values()].sort(newestFirst);
  }

  /** Adds an n8n instance on the server (which needs its key to poll it) unless the server already knows its address. */
  async addInstance(instance: { name: string; url: string; apiKey: string }): Promise<void> {
    this.instances = undefined;
    const session = await this.deps.loadSession();
    if (!session) throw new AppError('UNAUTHENTICATED', 'Sign in to the AI-HTTP server first.');
    if (await this.serverInstanceFor(session, instance.url)) return;
    // Read again: the lookup may have refreshed the tokens.
    const current = (await this.deps.loadSession()) ?? session;
    await this.withFreshToken(current, (token) => createServerApi(current.serverUrl).createInstance(token, instance));
    this.instances = undefined;
  }

  /** The n8n address the server knows an instance by. */
  originOf(instanceId: string): string | undefined {
    const url = this.instances?.list.find((i) => i.id === instanceId)?.url;
    return url && normalise(url);
  }

  close(): void {
    clearTimeout(this.reconnectTimer);
    clearInterval(this.keepaliveTimer);
    this.keepaliveTimer = undefined;
    this.reconnectTimer = undefined;
    const socket = this.socket;
    this.socket = null;
    this.live = false;
    socket?.close(1000);
  }

  /** Forgets everything (sign-out). */
  reset(): void {
    this.close();
    this.watched.clear();
    this.instances = undefined;
    this.lastEventId = undefined;
    this.attempts = 0;
  }

  private async serverInstanceFor(session: ServerSession, n8nBase: string): Promise<ServerInstance | null> {
    if (!this.instances || this.instances.serverUrl !== session.serverUrl || Date.now() - this.instances.at > INSTANCES_TTL_MS) {
      const list = await this.withFreshToken(session, (token) => createServerApi(session.serverUrl).listInstances(token));
      this.instances = { at: Date.now(), serverUrl: session.serverUrl, list };
    }
    return this.instances.list.find((i) => normalise(i.url) === normalise(n8nBase)) ?? null;
  }

  /** Runs `work` with the access token, refreshing it once if the server says it expired. */
  private async withFreshToken<T>(session: ServerSession, work: (token: string) => Promise<T>): Promise<T> {
    try {
      return await work(session.accessToken);
    } catch (error) {
      if ((error as { code?: string }).code !== 'UNAUTHENTICATED') throw error;
      const renewed = await this.refresh(session);
      return work(renewed.accessToken);
    }
  }

  private async refresh(session: ServerSession): Promise<ServerSession> {
    try {
      const renewed = await createServerApi(session.serverUrl).refresh(session.refreshToken);
      await this.deps.saveSession(renewed);
      return renewed;
    } catch (error) {
      // A refresh token that was revoked or reused: the account must sign in again.
      if ((error as { code?: string }).code === 'UNAUTHENTICATED') await this.deps.saveSession(null);
      throw error;
    }
  }

  private ensureConnected(): void {
    if (this.socket || this.reconnectTimer || this.watched.size === 0) return;
    void this.connect();
  }

  private async connect(): Promise<void> {
    const session = await this.deps.loadSession();
    if (!session || this.socket) return;
    const socket = new WebSocket(`${session.serverUrl.replace(/^http/, 'ws').replace(/\/+$/, '')}${WS_PATH}`);
    this.socket = socket;
    socket.addEventListener('open', () => socket.send(JSON.stringify({ type: 'hello', token: session.accessToken })));
    socket.addEventListener('message', (message) => void this.receive(String(message.data)));
    socket.addEventListener('close', (event) => void this.closed(socket, event.code, session));
    this.keepaliveTimer ??= setInterval(() => this.keepalive(), this.keepaliveMs);
  }

  private async receive(raw: string): Promise<void> {
    let parsed;
    try {
      parsed = serverMessageSchema.safeParse(JSON.parse(raw));
    } catch {
      return;
    }
    if (!parsed.success) return;
    const message = parsed.data;
    if (message.type === 'ready') {
      this.send({ type: 'subscribe', topics: [...this.watched.keys()], ...(this.lastEventId ? { lastEventId: this.lastEventId } : {}) });
    } else if (message.type === 'subscribed') {
      this.live = true;
      this.attempts = 0;
    } else if (message.type === 'pong') {
      this.lastPongAt = Date.now();
    } else if (message.type === 'event') {
      this.lastEventId = message.id;
      for (const topic of message.topics) this.watched.get(topic)?.rows.set(message.event.executionId, rowOf(message.event.digest));
      await this.deps.onExecution(message.event);
    }
  }

  private async closed(socket: WebSocket, code: number, session: ServerSession): Promise<void> {
    if (this.socket !== socket) return; // closed on purpose
    this.socket = null;
    this.live = false;
    this.attempts++;
    if (code === WS_CLOSE.FORBIDDEN_ORIGIN) return;
    if (code === WS_CLOSE.UNAUTHORIZED) await this.refresh(session).catch(() => undefined);
    if (this.watched.size === 0) return;
    const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** this.attempts);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      void this.connect();
    }, delay);
  }

  private keepalive(): void {
    const now = Date.now();
    for (const [topic, watched] of this.watched) if (now - watched.lastAskedAt > IDLE_CLOSE_MS) this.watched.delete(topic);
    if (this.watched.size === 0) return this.close();
    this.send({ type: 'ping' });
  }

  private send(message: object): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }
}

function newestFirst(a: ExecutionRow, b: ExecutionRow): number {
  const byStart = Date.parse(b.startedAt ?? '') - Date.parse(a.startedAt ?? '');
  if (byStart) return byStart;
  return Number(b.id) - Number(a.id) || (b.id > a.id ? 1 : -1);
}
