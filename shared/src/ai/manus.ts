import { z } from 'zod';
import { httpMethodSchema, pairSchema } from '../request/spec.ts';

/**
 * "Research this API" with Manus (API v2), for an API no OpenAPI description near the user
 * covers: a task asks the agent for the requests it finds documented, in the JSON Schema below
 * (`structured_output_schema`); the answer is checked with zod and becomes user templates, each
 * with the page it came from. Server-side only: the Manus key never leaves the server.
 */
export const MANUS_AGENT_PROFILE = 'manus-1.6-max';

export const researchedRequestSchema = z.object({
  name: z.string().min(1).max(200),
  description: z.string().max(2000),
  method: httpMethodSchema,
  /** Absolute URL; `{{placeholders}}` for what the caller fills in. */
  url: z.string().regex(/^https?:\/\//, 'an absolute http(s) URL').max(2000),
  query: z.array(pairSchema).max(30),
  headers: z.array(pairSchema).max(30),
  /** A JSON body as text, or null. */
  jsonBody: z.string().max(20_000).nullable(),
  /** The documentation page this request was read from. */
  sourceUrl: z.string().regex(/^https?:\/\//, 'an absolute http(s) URL').max(2000),
});
export const researchResultSchema = z.object({ service: z.string().min(1).max(100), requests: z.array(researchedRequestSchema).min(1).max(20) });
export type ResearchResult = z.infer<typeof researchResultSchema>;

/** The JSON Schema sent as `structured_output_schema`. */
export const researchOutputJsonSchema = () => z.toJSONSchema(researchResultSchema, { target: 'draft-7' });

export function researchPrompt(api: string, hint?: string): string {
  return [
    `Find the public HTTP API documentation of: ${api}.${hint ? ` Context from the user: ${hint}` : ''}`,
    'List the most useful requests (at most 20) exactly as documented: method, absolute URL, query parameters, headers and a JSON body where there is one.',
    'Write {{name}} placeholders for values the caller provides and {{apiKey}} or {{token}} for every credential; never real secrets.',
    'For each request give sourceUrl, the documentation page it comes from.',
  ].join('\n');
}

/** What one `task.listMessages` page says about the task: its state, its last progress line, and the structured result once stopped. */
export interface ResearchProgress {
  status: 'running' | 'waiting' | 'stopped' | 'error';
  progress: string | null;
  output: unknown;
  error: string | null;
}

const statusUpdate = z.object({ type: z.literal('status_update'), status_update: z.object({ agent_status: z.string() }).loose() }).loose();
const structured = z.object({ type: z.literal('structured_output_result'), structured_output_result: z.object({ success: z.boolean(), value: z.unknown().optional() }).loose() }).loose();

/** Reads the events of `GET /v2/task.listMessages?order=asc`; unknown event types are skipped. */
export function readResearchMessages(answer: unknown): ResearchProgress {
  const messages = z.object({ messages: z.array(z.unknown()) }).loose().safeParse(answer);
  const out: ResearchProgress = { status: 'running', progress: null, output: null, error: null };
  for (const message of messages.success ? messages.data.messages : []) {
    const status = statusUpdate.safeParse(message);
    if (status.success) {
      const agent = status.data.status_update.agent_status;
      out.status = agent === 'stopped' || agent === 'waiting' || agent === 'error' ? agent : 'running';
      continue;
    }
    const result = structured.safeParse(message);
    if (result.success) {
      out.output = result.data.structured_output_result.success ? result.data.structured_output_result.value : null;
      continue;
    }
    const record = message as Record<string, unknown> | null;
    const type = typeof record?.type === 'string' ? record.type : '';
    const body = type && record && typeof record[type] === 'object' && record[type] !== null ? (record[type] as Record<string, unknown>) : null;
    if (type === 'error_message') out.error = typeof body?.content === 'string' ? body.content : typeof body?.message === 'string' ? body.message : 'Manus reported an error.';
    else if (typeof body?.content === 'string') out.progress = body.content.slice(0, 300);
  }
  return out;
}

const taskIdSchema = z.string().regex(/^[\w-]{1,100}$/);
const webhookEvent = z.discriminatedUnion('event_type', [
  z.object({ event_id: z.string().max(200), event_type: z.literal('task_created'), task_detail: z.object({ task_id: taskIdSchema }).loose() }).loose(),
  z.object({ event_id: z.string().max(200), event_type: z.literal('task_progress'), progress_detail: z.object({ task_id: taskIdSchema, message: z.string().optional() }).loose() }).loose(),
  z
    .object({
      event_id: z.string().max(200),
      event_type: z.literal('task_stopped'),
      task_detail: z.object({ task_id: taskIdSchema, message: z.string().optional(), stop_reason: z.string().optional(), structured_output: z.unknown().optional() }).loose(),
    })
    .loose(),
]);

/**
 * What one Manus webhook delivery says (`task_created`, `task_progress`, `task_stopped` with
 * `task_detail.structured_output`), in the same shape as a `task.listMessages` read, so both
 * feed one task state. Null for an event this server does not follow.
 */
export function readResearchWebhook(body: unknown): { eventId: string; taskId: string; progress: ResearchProgress } | null {
  const parsed = webhookEvent.safeParse(body);
  if (!parsed.success) return null;
  const event = parsed.data;
  const progress: ResearchProgress = { status: 'running', progress: null, output: null, error: null };
  if (event.event_type === 'task_created') return { eventId: event.event_id, taskId: event.task_detail.task_id, progress };
  if (event.event_type === 'task_progress') return { eventId: event.event_id, taskId: event.progress_detail.task_id, progress: { ...progress, progress: event.progress_detail.message?.slice(0, 300) ?? null } };
  const detail = event.task_detail;
  const message = detail.message?.slice(0, 300) ?? null;
  // "ask": the agent wants an answer, which a non-interactive task never gets; said as waiting, with its question.
  if (detail.stop_reason === 'ask') return { eventId: event.event_id, taskId: detail.task_id, progress: { ...progress, status: 'waiting', progress: message } };
  return { eventId: event.event_id, taskId: detail.task_id, progress: { status: 'stopped', progress: message, output: detail.structured_output ?? null, error: null } };
}
