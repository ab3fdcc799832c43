import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { AppError, describeZodIssues, type ErrorCode } from '@ai-http/shared/errors';
import { clientVersionProblem } from '@ai-http/shared/version';
import {
  clientMessageSchema,
  compareEventIds,
  topicsOf,
  WS_CLOSE,
  WS_PATH,
  WS_PROTOCOL_VERSION,
  type ServerMessage,
  type Topic,
} from '@ai-http/shared/realtime/protocol';
import type { Logger } from 'pino';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { endWithError } from '../../http/edge.ts';
import { keepSubscribed } from '../../infra/kv.ts';
import type { ExecutionEventLog, LoggedEvent } from './event-log.ts';

export interface GatewayOptions {
  eventLog: ExecutionEventLog;
  logger: Logger;
  /** Verifies an access token; null when it is missing, invalid, expired or its session ended. */
  authenticate(token: string): Promise<{ userId: string; sessionId: string; expiresAt: number } | null>;
  /** Whether the user owns what the topic names. Unknown and not-owned look the same to the client. */
  canSubscribe(userId: string, topic: Topic): Promise<boolean>;
  isAllowedOrigin(origin: string): boolean;
  pingIntervalMs?: number;
  helloTimeoutMs?: number;
  /** A client whose unsent data passes this is closed with SLOW_CONSUMER instead of growing memory. */
  maxBufferedBytes?: number;
  /**
   * How long a slow consumer has to read its backlog and reach the close frame (4009, which tells
   * it to reconnect with its last id) before the socket is cut (1006).
   */
  slowConsumerGraceMs?: number;
  onConnectionsChanged?(count: number): void;
}

interface Connection {
  socket: WebSocket;
  userId: string | null;
  /** The session of the token given in hello: ending it (logout) closes the socket. */
  sessionId: string | null;
  /** Closes the socket when the token expires: a token is never trusted past its end. */
  expiryTimer: NodeJS.Timeout | undefined;
  topics: Set<Topic>;
  alive: boolean;
  /** Newest event id sent, so overlapping topics and replay-then-live never send one event twice. */
  lastSentId: string | null;
  /** While a replay runs, live events wait here and are flushed after it, in order. */
  pending: LoggedEvent[] | null;
}

export interface RealtimeGateway {
  attach(server: Server): void;
  connectionCount(): number;
  /** Every topic some client of this process is subscribed to. */
  subscribedTopics(): Set<Topic>;
  /** Closes (4001) every socket signed in with this session: it ended (logout, reuse). */
  endSession(sessionId: string): void;
  /** Sends a message to every socket of this process signed in as the user. */
  sendToUser(userId: string, message: ServerMessage): void;
  close(): Promise<void>;
}

/**
 * `/ws` on the HTTP server's port. Authenticates with a `hello` message, checks the Origin,
 * lets a user subscribe only to what they own, replays missed events from the event log,
 * pings every 30 s, and closes clients that stop reading instead of buffering for them forever.
 */
export async function createRealtimeGateway(options: GatewayOptions): Promise<RealtimeGateway> {
  const { eventLog, logger, pingIntervalMs = 30_000, helloTimeoutMs = 10_000, maxBufferedBytes = 1 << 20, slowConsumerGraceMs = 10_000 } = options;
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const connections = new Set<Connection>();

  /** A frame's text, as a string or (a broadcast's, encoded once for every client) as UTF-8 bytes. */
  const sendFrame = (connection: Connection, frame: string | Buffer) => {
    const { socket } = connection;
    if (socket.readyState !== WebSocket.OPEN) return;
    if (socket.bufferedAmount > maxBufferedBytes) {
      // Stop sending now. The close frame waits behind the backlog (at most maxBufferedBytes here):
      // a client that reads it in time learns why (4009); one that stopped reading is cut.
      connections.delete(connection);
      socket.close(WS_CLOSE.SLOW_CONSUMER, 'slow consumer: reconnect with your last event id');
      setTimeout(() => socket.terminate(), slowConsumerGraceMs).unref();
      return;
    }
    socket.send(frame, { binary: false });
  };
  const send = (connection: Connection, message: ServerMessage) => sendFrame(connection, JSON.stringify(message));
  const sendError = (connection: Connection, code: ErrorCode, message: string, details: unknown = null) =>
    send(connection, { type: 'error', error: { code, message, details } });

  /**
   * A broadcast serialises and encodes each distinct frame once, not once per client (`cache` and
   * the event's topics per event): with 10,000 clients on a process, that is the broadcast's cost.
   */
  const deliver = (connection: Connection, logged: LoggedEvent, cache = new Map<string, Buffer>(), eventTopics = topicsOf(logged.event)) => {
    if (connection.lastSentId && compareEventIds(logged.id, connection.lastSentId) <= 0) return;
    const topics = eventTopics.filter((topic) => connection.topics.has(topic));
    if (!topics.length) return;
    connection.lastSentId = logged.id;
    const key = topics.join(' ');
    let frame = cache.get(key);
    if (frame === undefined) cache.set(key, (frame = Buffer.from(JSON.stringify({ type: 'event', id: logged.id, topics, event: logged.event } satisfies ServerMessage))));
    sendFrame(connection, frame);
  };

  /** The newest event this process has handed out, where a catch-up after a gap starts. */
  let newestId: string | null = null;
  /** While a catch-up reads the stream, live events wait here, so nothing is sent out of order. */
  let caughtUp: LoggedEvent[] | null = null;
  const dispatch = (logged: LoggedEvent) => {
    if (!newestId || compareEventIds(logged.id, newestId) > 0) newestId = logged.id;
    const frames = new Map<string, Buffer>();
    const eventTopics = topicsOf(logged.event);
    for (const connection of connections) {
      if (connection.pending) connection.pending.push(logged);
      else deliver(connection, logged, frames, eventTopics);
    }
  };
  const onLive = (logged: LoggedEvent) => {
    if (caughtUp) caughtUp.push(logged);
    else dispatch(logged);
  };
  // The subscription dropped and came back (Redis restarted): events published meanwhile reached
  // no process that was cut off. Read them from the stream, then what arrived live during the read.
  const onGap = async () => {
    if (caughtUp || !newestId) return;
    caughtUp = [];
    try {
      for await (const logged of eventLog.readAfter(newestId)) dispatch(logged);
    } catch (error) {
      logger.warn({ err: error }, 'could not read the events missed while Redis was away');
    } finally {
      const waiting = caughtUp;
      caughtUp = null;
      for (const logged of waiting) dispatch(logged);
    }
  };
  // Redis may be down when the server starts: keep trying, so live events flow once it is back
  // (replay from the stream covers what was missed in between).
  const stopListening = await keepSubscribed(
    () => eventLog.listen(onLive, () => void onGap()),
    (error) => logger.warn({ err: error }, 'cannot subscribe to execution events yet; retrying in 5 s'),
  );

  const subscribe = async (connection: Connection, topics: Topic[], lastEventId: string | undefined) => {
    const userId = connection.userId!;
    const refused: Topic[] = [];
    for (const topic of topics) if (!(await options.canSubscribe(userId, topic))) refused.push(topic);
    if (refused.length) {
      sendError(connection, 'NOT_FOUND', `No such topic: ${refused.join(', ')}. Subscribe to instances of your own account.`, { topics: refused });
      return;
    }
    connection.pending = [];
    for (const topic of topics) connection.topics.add(topic);
    let replayed = 0;
    try {
      if (lastEventId) {
        for await (const logged of eventLog.readAfter(lastEventId)) {
          const before = connection.lastSentId;
          deliver(connection, logged);
          if (connection.lastSentId !== before) replayed++;
        }
      }
    } finally {
      const pending = connection.pending;
      connection.pending = null;
      for (const logged of pending) deliver(connection, logged);
    }
    send(connection, { type: 'subscribed', topics, replayed });
  };

  const onMessage = async (connection: Connection, raw: RawData) => {
    let json: unknown;
    try {
      json = JSON.parse(raw.toString());
    } catch {
      sendError(connection, 'INVALID_JSON', 'Each message must be one JSON object.');
      return;
    }
    const parsed = clientMessageSchema.safeParse(json);
    if (!parsed.success) {
      sendError(connection, 'VALIDATION_FAILED', 'This message does not follow the protocol.', describeZodIssues(parsed.error));
      return;
    }
    const message = parsed.data;
    if (message.type === 'ping') return send(connection, { type: 'pong' });
    if (message.type === 'hello') {
      const unspoken = clientVersionProblem(message.client);
      if (unspoken) {
        sendError(connection, unspoken.code, unspoken.message, unspoken.details);
        return connection.socket.close(WS_CLOSE.CLIENT_UNSUPPORTED, 'this server does not speak the client version');
      }
      const identity = await options.authenticate(message.token);
      if (!identity) return connection.socket.close(WS_CLOSE.UNAUTHORIZED, 'sign in again: the token is invalid or expired');
      // Subscriptions belong to the user who made them: a hello as someone else starts with none, or
      // the first user's events would keep coming under the second user's session (past a logout).
      if (connection.userId !== null && connection.userId !== identity.userId) connection.topics.clear();
      connection.userId = identity.userId;
      connection.sessionId = identity.sessionId;
      clearTimeout(connection.expiryTimer);
      // A later hello with a fresher token moves the end; setTimeout's limit is about 24 days.
      connection.expiryTimer = setTimeout(() => connection.socket.close(WS_CLOSE.UNAUTHORIZED, 'the token expired: refresh it and say hello again'), Math.min(Math.max(0, identity.expiresAt - Date.now()), 2 ** 31 - 1)).unref();
      return send(connection, { type: 'ready', userId: identity.userId, protocol: WS_PROTOCOL_VERSION });
    }
    if (!connection.userId) return sendError(connection, 'UNAUTHENTICATED', 'Send hello with your access token first.');
    if (message.type === 'unsubscribe') {
      for (const topic of message.topics) connection.topics.delete(topic);
      return;
    }
    await subscribe(connection, message.topics, message.lastEventId);
  };

  wss.on('connection', (socket: WebSocket, request: IncomingMessage) => {
    const connection: Connection = { socket, userId: null, sessionId: null, expiryTimer: undefined, topics: new Set(), alive: true, lastSentId: null, pending: null };
    const origin = request.headers.origin;
    // Browsers always send Origin; a page on another site must not ride a user's token. Tools
    // without an Origin (the CLI, other servers) cannot be driven by a web page, so they may connect.
    if (origin && !options.isAllowedOrigin(origin)) {
      socket.close(WS_CLOSE.FORBIDDEN_ORIGIN, 'this origin may not connect');
      return;
    }
    connections.add(connection);
    options.onConnectionsChanged?.(connections.size);
    const helloTimer = setTimeout(() => {
      if (!connection.userId) socket.close(WS_CLOSE.HELLO_TIMEOUT, 'send hello with an access token first');
    }, helloTimeoutMs);
    socket.on('pong', () => {
      connection.alive = true;
    });
    // One message at a time per socket, so a subscribe's replay finishes before the next message.
    let queue = Promise.resolve();
    socket.on('message', (raw) => {
      queue = queue
        .then(() => onMessage(connection, raw))
        .catch((error: unknown) => {
          const appError = error instanceof AppError ? error : null;
          logger.error({ err: error }, 'ws message failed');
          sendError(connection, appError?.code ?? 'INTERNAL', appError?.message ?? 'This message could not be handled; try again.');
        });
    });
    socket.on('close', () => {
      clearTimeout(helloTimer);
      clearTimeout(connection.expiryTimer);
      connections.delete(connection);
      options.onConnectionsChanged?.(connections.size);
    });
    socket.on('error', () => socket.terminate());
  });

  const heartbeat = setInterval(() => {
    for (const connection of connections) {
      if (!connection.alive) {
        connection.socket.terminate();
        continue;
      }
      connection.alive = false;
      connection.socket.ping();
    }
  }, pingIntervalMs);
  heartbeat.unref();

  return {
    attach(server: Server) {
      server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
        if (new URL(request.url ?? '/', 'http://localhost').pathname !== WS_PATH) {
          endWithError(socket, new AppError('NOT_FOUND', `No WebSocket endpoint here: the stream is at ${WS_PATH}.`, { path: request.url ?? '' }));
          return;
        }
        wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
      });
    },
    connectionCount: () => connections.size,
    subscribedTopics: () => new Set([...connections].flatMap((c) => [...c.topics])),
    sendToUser(userId, message) {
      const frame = Buffer.from(JSON.stringify(message));
      for (const connection of connections) if (connection.userId === userId) sendFrame(connection, frame);
    },
    endSession(sessionId) {
      for (const connection of connections) {
        if (connection.sessionId === sessionId) connection.socket.close(WS_CLOSE.UNAUTHORIZED, 'this session has ended: sign in again');
      }
    },
    async close() {
      clearInterval(heartbeat);
      await stopListening();
      for (const { socket } of connections) socket.close(WS_CLOSE.GOING_AWAY, 'server shutting down');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
