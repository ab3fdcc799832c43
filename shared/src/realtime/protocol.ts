import { z } from 'zod';
import { errorCodeSchema } from '../errors.ts';
import { executionDigest } from '../n8n/digest-schema.ts';

/**
 * The WebSocket protocol between the server (`/ws`) and the extension's background.
 *
 * 1. The client connects and sends `hello` with its access token (a browser WebSocket cannot
 *    set headers, and a token in the URL would end up in proxy logs).
 * 2. It sends `subscribe` with the topics it wants and the id of the last event it saw; the
 *    server first replays every stored event after that id for those topics, then streams.
 * 3. Events carry a cluster-wide, increasing `id` (a Redis stream id, or its in-process
 *    equivalent). Ids compare with `compareEventIds`, never as plain strings.
 *
 * Topics: `instance:<instanceId>` (every workflow of one n8n instance) and
 * `workflow:<instanceId>:<n8nWorkflowId>` (one workflow). A user may subscribe only to
 * instances they own.
 */
export const WS_PATH = '/ws';
export const WS_PROTOCOL_VERSION = 1;

/** Close codes the server uses, so the client can tell "sign in again" from "reconnect". */
export const WS_CLOSE = {
  /** The token is missing, invalid or expired: refresh it before reconnecting. */
  UNAUTHORIZED: 4001,
  /** The page's Origin is not an extension or a configured origin. Do not retry. */
  FORBIDDEN_ORIGIN: 4003,
  /** No `hello` arrived in time. */
  HELLO_TIMEOUT: 4008,
  /** The client read too slowly and its bounded buffer filled; reconnect with the last id. */
  SLOW_CONSUMER: 4009,
  /** The server does not speak the client's version (CLIENT_UNSUPPORTED, sent just before): do not reconnect. */
  CLIENT_UNSUPPORTED: 4010,
  /** The server is shutting down; reconnect (to another process) with the last id. */
  GOING_AWAY: 1001,
} as const;

export const topicSchema = z.string().regex(/^(instance:[\w-]{1,64}|workflow:[\w-]{1,64}:[\w-]{1,64})$/, 'a topic is instance:<id> or workflow:<instanceId>:<workflowId>');
export type Topic = z.infer<typeof topicSchema>;

export const eventIdSchema = z.string().regex(/^\d+-\d+$/, 'an event id looks like 1700000000000-0');

export const instanceTopic = (instanceId: string): Topic => `instance:${instanceId}`;
export const workflowTopic = (instanceId: string, workflowId: string): Topic => `workflow:${instanceId}:${workflowId}`;

export type ParsedTopic = { kind: 'instance'; instanceId: string } | { kind: 'workflow'; instanceId: string; workflowId: string };

/** The parts of a topic, or null for text that is not one. The inverse of instanceTopic/workflowTopic. */
export function parseTopic(topic: string): ParsedTopic | null {
  if (!topicSchema.safeParse(topic).success) return null;
  const [kind, instanceId, workflowId] = topic.split(':') as [string, string, string?];
  return kind === 'instance' ? { kind, instanceId } : { kind: 'workflow', instanceId, workflowId: workflowId! };
}

export const EXECUTION_EVENT_TYPES = ['execution.started', 'execution.finished', 'execution.failed'] as const;
export const executionEventTypeSchema = z.enum(EXECUTION_EVENT_TYPES);
export type ExecutionEventType = z.infer<typeof executionEventTypeSchema>;

/** What the poller publishes; the event log gives it an id. */
export const executionEventSchema = z.object({
  type: executionEventTypeSchema,
  instanceId: z.string(),
  workflowId: z.string(),
  executionId: z.string(),
  digest: executionDigest.field,
});
export type ExecutionEvent = z.infer<typeof executionEventSchema>;

export const clientMessageSchema = z.discriminatedUnion('type', [
  /** `client` names the extension and its version (`extension/1.4.0`, as the REST header X-AI-HTTP-Client). */
  z.object({ type: z.literal('hello'), token: z.string().min(1).max(4096), protocol: z.literal(WS_PROTOCOL_VERSION).optional(), client: z.string().max(128).optional() }),
  z.object({ type: z.literal('subscribe'), topics: z.array(topicSchema).min(1).max(100), lastEventId: eventIdSchema.optional() }),
  z.object({ type: z.literal('unsubscribe'), topics: z.array(topicSchema).min(1).max(100) }),
  /** The MV3 service worker sends this every ~20 s so the browser keeps it alive. */
  z.object({ type: z.literal('ping') }),
]);
export type ClientMessage = z.infer<typeof clientMessageSchema>;

export type ServerMessage =
  | { type: 'ready'; userId: string; protocol: typeof WS_PROTOCOL_VERSION }
  | { type: 'subscribed'; topics: Topic[]; replayed: number }
  | { type: 'event'; id: string; topics: Topic[]; event: ExecutionEvent }
  | { type: 'pong' }
  /** Sync (issue 17): the user's data changed up to `cursor` (a push by device `from`, or null: the REST API); pull now. */
  | { type: 'sync'; cursor: number; from: string | null }
  | { type: 'error'; error: { code: z.infer<typeof errorCodeSchema>; message: string; details: unknown } };

export const serverMessageSchema: z.ZodType<ServerMessage> = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), userId: z.string(), protocol: z.literal(WS_PROTOCOL_VERSION) }),
  z.object({ type: z.literal('subscribed'), topics: z.array(topicSchema), replayed: z.number().int().min(0) }),
  z.object({ type: z.literal('event'), id: eventIdSchema, topics: z.array(topicSchema), event: executionEventSchema }),
  z.object({ type: z.literal('pong') }),
  z.object({ type: z.literal('sync'), cursor: z.number().int().nonnegative(), from: z.string().nullable() }),
  z.object({ type: z.literal('error'), error: z.object({ code: errorCodeSchema, message: z.string(), details: z.unknown() }) }),
]);

/** The topics an execution event is delivered on. */
export function topicsOf(event: Pick<ExecutionEvent, 'instanceId' | 'workflowId'>): Topic[] {
  return [instanceTopic(event.instanceId), workflowTopic(event.instanceId, event.workflowId)];
}

/** Orders stream ids `<ms>-<seq>` numerically (as strings, "10-0" < "9-0"). */
export function compareEventIds(a: string, b: string): number {
  const [aMs = 0, aSeq = 0] = a.split('-').map(Number);
  const [bMs = 0, bSeq = 0] = b.split('-').map(Number);
  return aMs - bMs || aSeq - bSeq;
}
