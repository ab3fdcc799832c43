import { APICallError, generateText, Output, streamText, type LanguageModel, type LanguageModelUsage } from 'ai';
import type { z } from 'zod';
import type { ExecutionDigest } from '../n8n/digest-schema.ts';
import type { RequestSpec } from '../request/spec.ts';
import type { AiCandidate } from './candidates.ts';
import { checkChoice, choiceSchema, choiceToRequest, NO_MATCH, proposalToRequest, unverifiedProposalSchema } from './choice.ts';
import { explainPayload, explanationSchema, scrubText, type AiExplanation, type ExplainPayload } from './explain.ts';
import { explainPrompt, repairPrompt, requestPrompt, unverifiedPrompt, type AiLanguage, type Prompt } from './prompt.ts';

/**
 * The two AI calls, each a stream of events that always ends in a result or a failure that
 * carries the offline answer: never a hang (every call has a total and a between-chunks
 * timeout, and the caller's signal), never an error text that holds the key.
 */
export interface AiCallOptions {
  model: LanguageModel;
  signal?: AbortSignal;
  /** The whole call, retries included. */
  timeoutMs?: number;
  /** Between two chunks of a streamed answer. */
  chunkTimeoutMs?: number;
  /** Retries on 429 and 5xx (the SDK waits as retry-after says, up to 60 s). */
  maxRetries?: number;
  /** Strings that must never appear in a message (the API key). */
  secrets?: readonly string[];
}

export interface AiUsage {
  inputTokens: number;
  outputTokens: number;
}

export type CandidateSummary = Pick<AiCandidate, 'id' | 'source' | 'method' | 'path' | 'summary'>;

export type AskEvent =
  | { type: 'candidates'; candidates: CandidateSummary[] }
  /** The operation, as soon as the model has named it (before the body is done). */
  | { type: 'choice'; operationId: string }
  | { type: 'result'; operationId: string | null; unverified: boolean; repaired: boolean; request: RequestSpec; usage: AiUsage }
  | { type: 'failed'; message: string; offline: RequestSpec | null; offlineId: string | null; candidates: CandidateSummary[]; usage: AiUsage };

export type ExplainEvent =
  /** Exactly what goes to the model, secrets removed: the user is shown it. */
  | { type: 'sent'; payload: ExplainPayload }
  | { type: 'partial'; explanation: string }
  | { type: 'result'; explanation: AiExplanation; usage: AiUsage }
  | { type: 'failed'; message: string; offline: { explanation: string | null; fixes: string[] }; usage: AiUsage };

const summary = ({ id, source, method, path, summary: s }: AiCandidate): CandidateSummary => ({ id, source, method, path, summary: s });
const addUsage = (total: AiUsage, usage: LanguageModelUsage | undefined) => {
  total.inputTokens += usage?.inputTokens ?? 0;
  total.outputTokens += usage?.outputTokens ?? 0;
};

class CallFailed extends Error {}

/** One streamed structured call. Yields the text so far; returns the full text. */
async function* streamCall<S extends z.ZodType>(options: AiCallOptions, prompt: Prompt, schema: S, name: string, usage: AiUsage): AsyncGenerator<string, string> {
  let failure: unknown = null;
  const result = streamText({
    model: options.model,
    system: prompt.system,
    prompt: prompt.prompt,
    output: Output.object({ schema, name }),
    maxRetries: options.maxRetries ?? 2,
    timeout: { totalMs: options.timeoutMs ?? 60_000, chunkMs: options.chunkTimeoutMs ?? 20_000 },
    ...(options.signal ? { abortSignal: options.signal } : {}),
    // The records in the choice are not expressible in OpenAI's strict mode; zod checks them here.
    providerOptions: { openai: { strictJsonSchema: false } },
    onError: ({ error }) => {
      failure = error;
    },
  });
  let text = '';
  let finished = false;
  try {
    for await (const part of result.fullStream) {
      if (part.type === 'text-delta') {
        text += part.text;
        yield text;
      } else if (part.type === 'error') failure = part.error;
      else if (part.type === 'finish') {
        finished = true;
        addUsage(usage, part.totalUsage);
      } else if (part.type === 'abort') failure ??= new DOMException('aborted', 'AbortError');
    }
  } catch (error) {
    failure = error;
  }
  if (failure) throw new CallFailed(describeFailure(failure, options));
  if (!finished || !text.trim()) throw new CallFailed('The AI provider\'s answer stopped before it was complete.');
  return text;
}

/** One clear sentence per way a provider fails; the key never appears. */
export function describeFailure(error: unknown, { signal, secrets = [], timeoutMs = 60_000 }: Pick<AiCallOptions, 'signal' | 'secrets' | 'timeoutMs'>): string {
  const hide = (text: string) => secrets.filter((s) => s.length >= 4).reduce((out, secret) => out.split(secret).join('[redacted]'), scrubText(text));
  const cause = error instanceof Error && 'lastError' in error && error.lastError instanceof Error ? error.lastError : error;
  if (signal?.aborted) return 'Cancelled.';
  if (APICallError.isInstance(cause)) {
    const status = cause.statusCode;
    // A 200 whose body broke off: the stream was cut.
    if (status && status < 300) return 'The AI provider\'s answer stopped before it was complete.';
    if (status === 401 || status === 403) return `The AI provider refused the API key (HTTP ${status}): check the key in the settings.`;
    if (status === 429) return 'The AI provider is limiting requests (HTTP 429) and still was after waiting as it asked: try again in a minute.';
    if (status === 404) return `The AI provider does not know this model or address (HTTP 404): check the model name and the base URL.`;
    if (status && status >= 500) return `The AI provider failed (HTTP ${status}): try again later.`;
    if (!status) return `The AI provider could not be reached: ${hide(cause.message)}`;
    return `The AI provider refused the call (HTTP ${status}): ${hide(cause.message).slice(0, 300)}`;
  }
  const name = cause instanceof Error ? cause.name : '';
  const message = cause instanceof Error ? cause.message : String(cause);
  if (name === 'TimeoutError' || /timed? ?out|timeout/i.test(message)) return `The AI provider did not answer in time (${Math.round(timeoutMs / 1000)} s).`;
  if (name === 'AbortError') return 'Cancelled.';
  if (/terminated|socket|ECONNRESET|premature|aborted/i.test(message)) return 'The AI provider\'s answer stopped before it was complete.';
  return `The AI provider failed: ${hide(message).slice(0, 300)}`;
}

const OPERATION_ID = /"operationId"\s*:\s*"((?:[^"\\]|\\.)*)"/;

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  // Some models wrap JSON in a fence even in JSON mode.
  const unfenced = text.trim().replace(/^```(?:json)?\s*/i, '').replace(/```\s*$/, '');
  try {
    return { ok: true, value: JSON.parse(unfenced) };
  } catch (error) {
    return { ok: false, error: `The answer is not valid JSON: ${(error as Error).message}` };
  }
}

export interface AskOptions extends AiCallOptions {
  query: string;
  candidates: readonly AiCandidate[];
}

/**
 * Natural language → a request, grounded in the candidates. One repair round with the error;
 * after that, a clear failure that still offers the offline first choice and the candidates.
 * With no candidate at all, the model proposes a request of its own, marked unverified.
 */
export async function* askModel(options: AskOptions): AsyncGenerator<AskEvent> {
  const { query, candidates } = options;
  const usage: AiUsage = { inputTokens: 0, outputTokens: 0 };
  const summaries = candidates.map(summary);
  const failed = (message: string): AskEvent => ({ type: 'failed', message, offline: candidates[0]?.request ?? null, offlineId: candidates[0]?.id ?? null, candidates: summaries, usage });
  yield { type: 'candidates', candidates: summaries };
  try {
    if (!candidates.length) {
      yield* proposeUnverified(options, usage);
      return;
    }
    const base = requestPrompt(query, candidates);
    let prompt = base;
    const schema = choiceSchema(candidates);
    for (let round = 0; round < 2; round++) {
      let announced = false;
      const calls = streamCall(options, prompt, schema, 'choice', usage);
      let step = await calls.next();
      while (!step.done) {
        const id = OPERATION_ID.exec(step.value)?.[1];
        // Only an id that is one of the candidates is announced; anything else waits for the check.
        if (!announced && id && candidates.some((c) => c.id === id)) {
          announced = true;
          yield { type: 'choice', operationId: id };
        }
        step = await calls.next();
      }
      const text = step.value;
      const parsed = parseJson(text);
      const check = parsed.ok ? checkChoice(candidates, parsed.value) : parsed;
      if (check.ok && check.candidate) {
        yield { type: 'result', operationId: check.candidate.id, unverified: false, repaired: round > 0, request: choiceToRequest(check.candidate, check.choice), usage };
        return;
      }
      if (check.ok && check.choice.operationId === NO_MATCH) {
        yield* proposeUnverified(options, usage);
        return;
      }
      if (round === 1) {
        yield failed(`The model could not build it: its answer was refused twice (${check.ok ? '' : check.error.split('\n')[0]}). Here are the matching operations instead.`);
        return;
      }
      prompt = repairPrompt(base, text, check.ok ? '' : check.error);
    }
  } catch (error) {
    yield failed(error instanceof CallFailed ? error.message : describeFailure(error, options));
  }
}

async function* proposeUnverified(options: AskOptions, usage: AiUsage): AsyncGenerator<AskEvent> {
  const calls = streamCall(options, unverifiedPrompt(options.query), unverifiedProposalSchema, 'request', usage);
  let step = await calls.next();
  while (!step.done) step = await calls.next();
  const parsed = parseJson(step.value);
  const proposal = parsed.ok ? unverifiedProposalSchema.safeParse(parsed.value) : null;
  if (!proposal?.success) throw new CallFailed('Nothing the user has describes this request, and the model\'s own proposal was not a valid request.');
  yield { type: 'result', operationId: null, unverified: true, repaired: false, request: proposalToRequest(proposal.data), usage };
}

export interface ExplainOptions extends AiCallOptions {
  digest: ExecutionDigest;
  language: AiLanguage;
}

const EXPLANATION = /"explanation"\s*:\s*"((?:[^"\\]|\\.)*)/;

/** A failed execution explained by the model; the offline explanation is the fallback. */
export async function* explainWithModel(options: ExplainOptions): AsyncGenerator<ExplainEvent> {
  const usage: AiUsage = { inputTokens: 0, outputTokens: 0 };
  const payload = explainPayload(options.digest);
  const offline = { explanation: options.digest.explanation, fixes: options.digest.fixes };
  yield { type: 'sent', payload };
  try {
    const calls = streamCall(options, explainPrompt(payload, options.language), explanationSchema, 'explanation', usage);
    let step = await calls.next();
    let shown = '';
    while (!step.done) {
      const partial = EXPLANATION.exec(step.value)?.[1];
      if (partial && partial.length > shown.length) {
        shown = partial;
        yield { type: 'partial', explanation: unescapeJson(partial) };
      }
      step = await calls.next();
    }
    const parsed = parseJson(step.value);
    const checked = parsed.ok ? explanationSchema.safeParse(parsed.value) : null;
    if (!checked?.success) {
      yield { type: 'failed', message: 'The model\'s explanation was not in the expected shape; the offline explanation stands.', offline, usage };
      return;
    }
    yield { type: 'result', explanation: checked.data, usage };
  } catch (error) {
    yield { type: 'failed', message: error instanceof CallFailed ? error.message : describeFailure(error, options), offline, usage };
  }
}

function unescapeJson(partial: string): string {
  try {
    return JSON.parse(`"${partial.replace(/\\$/, '')}"`) as string;
  } catch {
    return partial;
  }
}

/** The settings' "Test" button and the server's status: one small non-streamed call. */
export async function testModel(options: AiCallOptions): Promise<{ ok: true; usage: AiUsage } | { ok: false; message: string }> {
  try {
    const result = await generateText({
      model: options.model,
      prompt: 'Answer with the word: ok',
      maxRetries: options.maxRetries ?? 0,
      timeout: options.timeoutMs ?? 15_000,
      ...(options.signal ? { abortSignal: options.signal } : {}),
    });
    return { ok: true, usage: { inputTokens: result.usage.inputTokens ?? 0, outputTokens: result.usage.outputTokens ?? 0 } };
  } catch (error) {
    return { ok: false, message: describeFailure(error, options) };
  }
}
