import { z } from 'zod';
import { aiCandidateSchema } from '../ai/candidates.ts';
import { explanationSchema } from '../ai/explain.ts';
import { AI_PROVIDERS } from '../ai/providers.ts';
import { executionDigest } from '../n8n/digest-schema.ts';
import { requestSpec } from '../request/spec.ts';
import { templateV2Schema } from '../templates/schema.ts';
import { versioned } from '../versioned.ts';

/**
 * The AI routes' inputs and answers (`/api/v1/ai/*`). The two AI calls answer a stream of JSON
 * lines (`application/x-ndjson`), one event a line, the last a `result` or a `failed` that carries
 * the offline answer; these schemas check each line.
 */
export const aiLanguageSchema = z.enum(['en', 'ar']);

export const aiRequestInput = z.object({
  query: z.string().trim().min(1, { message: 'say what the request should do' }).max(500),
  /** Candidates the client found in what only it holds (its imported OpenAPI specs). */
  candidates: z.array(aiCandidateSchema).max(12).default([]),
});

export const aiExplainInput = z.object({
  digest: executionDigest.field,
  language: aiLanguageSchema.default('en'),
});

export const aiStatusView = versioned('AiStatus', [
  z.object({ v: z.literal(1), configured: z.boolean(), provider: z.enum(AI_PROVIDERS).nullable(), model: z.string().nullable() }),
]);
export type AiStatusView = z.output<typeof aiStatusView.schema>;

const usage = z.object({ inputTokens: z.number().int().nonnegative(), outputTokens: z.number().int().nonnegative() });
const candidateSummary = aiCandidateSchema.pick({ id: true, source: true, method: true, path: true, summary: true });

export const askEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('candidates'), candidates: z.array(candidateSummary) }),
  z.object({ type: z.literal('choice'), operationId: z.string() }),
  z.object({ type: z.literal('result'), operationId: z.string().nullable(), unverified: z.boolean(), repaired: z.boolean(), request: requestSpec.field, usage }),
  z.object({ type: z.literal('failed'), message: z.string(), offline: requestSpec.field.nullable(), offlineId: z.string().nullable(), candidates: z.array(candidateSummary), usage }),
]);

export const explainEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('sent'), payload: z.unknown() }),
  z.object({ type: z.literal('partial'), explanation: z.string() }),
  z.object({ type: z.literal('result'), explanation: explanationSchema, usage }),
  z.object({ type: z.literal('failed'), message: z.string(), offline: z.object({ explanation: z.string().nullable(), fixes: z.array(z.string()) }), usage }),
]);

export const researchInput = z.object({
  api: z.string().trim().min(2, { message: 'name the API to research' }).max(200),
  hint: z.string().trim().max(500).optional(),
});
export const researchTaskParams = z.object({ taskId: z.string().regex(/^[\w-]{1,100}$/, { message: 'must be a task id as returned by POST /ai/research' }) });

export const researchView = versioned('Research', [
  z.object({
    v: z.literal(1),
    taskId: z.string(),
    taskUrl: z.string().nullable(),
    status: z.enum(['running', 'waiting', 'stopped', 'error', 'canceled']),
    /** The agent's last progress line. */
    progress: z.string().nullable(),
    /** Why it failed, or why its answer was refused. */
    problem: z.string().nullable(),
    /** The templates made from the answer (once, when the task stops), each with its source URL as docsUrl. */
    templates: z.array(templateV2Schema),
  }),
]);
export type ResearchView = z.output<typeof researchView.schema>;
