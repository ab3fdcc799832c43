import { z } from 'zod';
import { versioned } from '../versioned.ts';

export { isFailedStatus, isFinishedStatus, isOpenStatus } from './execution-status.ts';

/**
 * The execution digest: what the debugger panel, the server's ws events and `ai-http digest`
 * show about one n8n execution. It replaces the raw execution (which can be many MB) with the
 * failing node, a categorised error, what to do about it, the items the node received, the path
 * taken and per-node timings. Sent over the wire and stored in Dexie, so it is versioned.
 */
export const ERROR_CATEGORIES = [
  'auth',
  'not_found',
  'rate_limit',
  'server_error',
  'connection',
  'timeout',
  'dns',
  'invalid_json',
  'expression',
  'code',
  'credentials_missing',
  'unknown',
] as const;
export const errorCategorySchema = z.enum(ERROR_CATEGORIES);
export type ErrorCategory = z.infer<typeof errorCategorySchema>;

export const EXECUTION_STATUSES = ['success', 'error', 'crashed', 'canceled', 'running', 'waiting', 'new', 'unknown'] as const;
export const executionStatusSchema = z.enum(EXECUTION_STATUSES);
export type ExecutionStatus = z.infer<typeof executionStatusSchema>;


export const nodeTimingSchema = z.object({
  node: z.string(),
  /** Epoch milliseconds. */
  startTime: z.number(),
  executionTimeMs: z.number(),
  status: z.string(),
  /** Which run of the node this is (loops run a node more than once). */
  runIndex: z.number().int().min(0),
});
export type NodeTiming = z.infer<typeof nodeTimingSchema>;

export const executionDigestV1Schema = z.object({
  v: z.literal(1),
  executionId: z.string(),
  workflowId: z.string(),
  status: executionStatusSchema,
  /** n8n's mode: webhook, trigger, manual, retry, integrated, … */
  mode: z.string(),
  startedAt: z.string().nullable(),
  stoppedAt: z.string().nullable(),
  durationMs: z.number().nullable(),
  retryOf: z.string().nullable(),
  failingNode: z
    .object({
      name: z.string(),
      type: z.string(),
      typeVersion: z.number().optional(),
      /** The node's parameters with secrets (tokens, passwords, API keys) replaced by "[redacted]". */
      parameters: z.record(z.string(), z.unknown()),
    })
    .nullable(),
  error: z
    .object({
      category: errorCategorySchema,
      /** NodeApiError, NodeOperationError, ExpressionError, … */
      name: z.string(),
      message: z.string(),
      httpCode: z.string().nullable(),
      description: z.string().nullable(),
      /** An excerpt of the API's answer, secret-looking values redacted (absent in digests made before it was kept). */
      body: z.string().nullable().optional(),
    })
    .nullable(),
  /** A plain-language account of what went wrong, from the offline knowledge base (or an LLM). */
  explanation: z.string().nullable(),
  /** Concrete steps that name n8n settings (Retry On Fail, Batching, the credential type, …). */
  fixes: z.array(z.string()),
  /** The first items the failing node received, size-capped. */
  inputItems: z.object({
    items: z.array(z.unknown()),
    total: z.number().int().min(0),
    truncated: z.boolean(),
    /** Why no items are shown, when n8n withheld them. */
    unavailable: z.enum(['tooLarge', 'redacted', 'notRecorded']).optional(),
  }),
  /** Node names in the order they ran. */
  executionPath: z.array(z.string()),
  timings: z.array(nodeTimingSchema),
});
export const executionDigest = versioned('ExecutionDigest', [executionDigestV1Schema]);
export type ExecutionDigest = z.infer<typeof executionDigestV1Schema>;
