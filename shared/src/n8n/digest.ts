import { AppError } from '../errors.ts';
import { redactSecretParameters as redact } from '../request/secrets.ts';
import { EXECUTION_STATUSES, type ExecutionDigest, type ExecutionStatus, type NodeTiming } from './digest-schema.ts';
import { isObject, type JsonObject } from '../json.ts';
import { categorize, KNOWLEDGE } from './error-knowledge.ts';

/**
 * summarizeExecution: one n8n execution (the public API's JSON with includeData=true, 1.x or
 * 2.x) → the digest the debugger shows: status, the failing node and its categorised error, what
 * to do, the items the node received (capped), the path taken and per-node timings.
 */
export interface DigestOptions {
  /** How many input items to keep. */
  maxItems?: number;
  /** Cap on the JSON size of the kept items. */
  maxItemBytes?: number;
}

type Json = JsonObject;
const str = (value: unknown): string | null => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null);

interface Run {
  startTime?: number;
  executionTime?: number;
  executionStatus?: string;
  error?: Json;
  source?: ({ previousNode?: string; previousNodeOutput?: number; previousNodeRun?: number } | null)[];
  data?: { main?: (Json[] | null)[] };
}

export function summarizeExecution(input: unknown, { maxItems = 10, maxItemBytes = 64 * 1024 }: DigestOptions = {}): ExecutionDigest {
  if (!isObject(input)) throw new AppError('VALIDATION_FAILED', 'An execution is a JSON object, as GET /api/v1/executions/:id?includeData=true returns it.');
  const execution = isObject(input.data) && 'id' in input.data && 'workflowId' in input.data && !('resultData' in input.data) ? (input.data as Json) : input;
  if (execution.id === undefined || execution.workflowId === undefined) throw new AppError('VALIDATION_FAILED', 'This JSON has no "id" and "workflowId": it is not an n8n execution.');
  const data = readData(execution.data);
  const resultData = isObject(data?.resultData) ? data.resultData : {};
  const runData = (isObject(resultData.runData) ? resultData.runData : {}) as Record<string, Run[]>;
  const topError = isObject(resultData.error) ? resultData.error : null;
  const nodes = readNodes(execution.workflowData);

  const failingName = failingNodeName(topError, runData, str(resultData.lastNodeExecuted));
  const failingRuns = failingName ? (runData[failingName] ?? []) : [];
  const failingRun = failingRuns[failingRuns.length - 1];
  const runError = failingRun?.error ?? null;
  const error = topError ?? runError;
  const nodeFromError = isObject(error?.node) ? error.node : null;
  const nodeInfo = failingName ? (nodes.get(failingName) ?? (nodeFromError && nodeFromError.name === failingName ? nodeFromError : null)) : null;
  const nodeType = str(nodeInfo?.type) ?? 'unknown';

  const status = statusOf(execution, error);
  let errorView: ExecutionDigest['error'] = null;
  if (error) {
    const name = str(error.name) ?? 'Error';
    const message = str(error.message) ?? 'The node failed without a message.';
    const httpCode = str(error.httpCode);
    const description = str(error.description);
    errorView = { category: categorize({ name, message, httpCode, description, nodeType }), name, message, httpCode, description, body: answerExcerpt(error) };
  }
  const knowledge = errorView ? KNOWLEDGE[errorView.category] : null;

  const startedAt = str(execution.startedAt);
  const stoppedAt = str(execution.stoppedAt);
  const durationMs = startedAt && stoppedAt ? Math.max(0, Date.parse(stoppedAt) - Date.parse(startedAt)) : null;
  const timings: NodeTiming[] = [];
  for (const [node, runs] of Object.entries(runData)) {
    (Array.isArray(runs) ? runs : []).forEach((run, runIndex) => {
      if (typeof run?.startTime === 'number') timings.push({ node, startTime: run.startTime, executionTimeMs: run.executionTime ?? 0, status: run.executionStatus ?? (run.error ? 'error' : 'success'), runIndex });
    });
  }
  timings.sort((a, b) => a.startTime - b.startTime || a.runIndex - b.runIndex);
  const executionPath = [...new Set(timings.map((t) => t.node))];

  return {
    v: 1,
    executionId: String(execution.id),
    workflowId: String(execution.workflowId),
    status,
    mode: str(execution.mode) ?? 'unknown',
    startedAt,
    stoppedAt,
    durationMs,
    retryOf: str(execution.retryOf),
    failingNode: failingName
      ? { name: failingName, type: nodeType, ...(typeof nodeInfo?.typeVersion === 'number' ? { typeVersion: nodeInfo.typeVersion } : {}), parameters: redact(isObject(nodeInfo?.parameters) ? nodeInfo.parameters : {}) as Json }
      : null,
    error: errorView,
    explanation: knowledge?.explanation ?? null,
    fixes: knowledge?.fixes ?? [],
    inputItems: !data ? { items: [], total: 0, truncated: false, unavailable: 'notRecorded' } : failingName ? inputItemsOf(execution, data, runData, failingRun, maxItems, maxItemBytes) : { items: [], total: 0, truncated: false },
    executionPath,
    timings,
  };
}

const BODY_EXCERPT_CHARS = 1200;

/**
 * The API's own answer, which n8n keeps in the error's `messages` as `<status> - <body>` (the
 * HTTP Request node's failure): pretty JSON with secret-looking values redacted as the node's
 * parameters are, or the text as it came, cut to an excerpt. Null when n8n kept none.
 */
export function answerExcerpt(error: Json): string | null {
  const messages = Array.isArray(error.messages) ? error.messages.filter((m): m is string => typeof m === 'string') : [];
  const raw = messages.map((m) => /^\d{3} - ([\s\S]+)$/.exec(m)?.[1]).find((body) => body?.trim());
  if (!raw) return null;
  let value: unknown = raw;
  // The body arrives JSON-encoded, sometimes twice (a JSON string holding the JSON text).
  for (let depth = 0; depth < 2 && typeof value === 'string'; depth++) {
    try {
      value = JSON.parse(value);
    } catch {
      break;
    }
  }
  const text = typeof value === 'string' ? value : JSON.stringify(redact(value), null, 2);
  return text.length > BODY_EXCERPT_CHARS ? `${text.slice(0, BODY_EXCERPT_CHARS)}…` : text;
}

/** `data` is an object, a JSON string, or (older n8n, some database dumps) a "flatted" string. */
function readData(raw: unknown): Json | null {
  if (isObject(raw)) return raw;
  if (typeof raw !== 'string') return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (Array.isArray(parsed)) return unflatten(parsed);
    return isObject(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

/** The `flatted` format: an array whose entries refer to each other by index, written as strings. */
function unflatten(table: unknown[]): Json | null {
  const revived = new Map<number, unknown>();
  const revive = (index: number): unknown => {
    if (revived.has(index)) return revived.get(index);
    const value = table[index];
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      revived.set(index, out);
      for (const item of value) out.push(typeof item === 'string' && /^\d+$/.test(item) ? revive(Number(item)) : item);
      return out;
    }
    if (isObject(value)) {
      const out: Json = {};
      revived.set(index, out);
      for (const [key, item] of Object.entries(value)) out[key] = typeof item === 'string' && /^\d+$/.test(item) ? revive(Number(item)) : item;
      return out;
    }
    return value;
  };
  const root = revive(0);
  return isObject(root) ? root : null;
}

function readNodes(workflowData: unknown): Map<string, Json> {
  const nodes = isObject(workflowData) && Array.isArray(workflowData.nodes) ? workflowData.nodes : [];
  return new Map(nodes.filter(isObject).flatMap((node) => (typeof node.name === 'string' ? [[node.name, node] as const] : [])));
}

/** The error's node when it names one; otherwise (Code node errors, for one) the run that failed. */
function failingNodeName(error: Json | null, runData: Record<string, Run[]>, lastNode: string | null): string | null {
  if (isObject(error?.node) && typeof error.node.name === 'string') return error.node.name;
  const failed = Object.entries(runData)
    .flatMap(([name, runs]) => (Array.isArray(runs) ? runs : []).map((run) => ({ name, run })))
    .filter(({ run }) => run?.executionStatus === 'error' || isObject(run?.error))
    .sort((a, b) => (b.run.startTime ?? 0) - (a.run.startTime ?? 0));
  if (failed[0]) return failed[0].name;
  return error && lastNode ? lastNode : null;
}

function statusOf(execution: Json, error: Json | null): ExecutionStatus {
  const given = str(execution.status);
  if (given && (EXECUTION_STATUSES as readonly string[]).includes(given)) return given as ExecutionStatus;
  if (given === 'failed') return 'error';
  if (error) return 'error';
  if (execution.finished === true) return 'success';
  if (execution.stoppedAt == null) return 'running';
  return 'unknown';
}

function inputItemsOf(execution: Json, data: Json | null, runData: Record<string, Run[]>, run: Run | undefined, maxItems: number, maxBytes: number): ExecutionDigest['inputItems'] {
  const none = (unavailable: 'tooLarge' | 'redacted' | 'notRecorded') => ({ items: [], total: 0, truncated: false, unavailable });
  if (!data) return none('notRecorded');
  if (execution.dataTooLargeToDisplay === true || data.dataTooLargeToDisplay === true) return none('tooLarge');
  if (isObject(data.redactionInfo) || isObject(execution.redactionInfo)) return none('redacted');
  const source = run?.source?.find((s) => s?.previousNode);
  const parentRuns = source?.previousNode ? runData[source.previousNode] : undefined;
  const parentRun = parentRuns?.[source?.previousNodeRun ?? parentRuns.length - 1];
  const output = parentRun?.data?.main?.[source?.previousNodeOutput ?? 0];
  if (!Array.isArray(output)) return run ? { items: [], total: 0, truncated: false } : none('notRecorded');
  const items: unknown[] = [];
  let bytes = 0;
  for (const item of output) {
    if (items.length >= maxItems) break;
    const json = isObject(item) && 'json' in item ? item.json : item;
    const size = JSON.stringify(json ?? null).length;
    if (bytes + size > maxBytes) break;
    bytes += size;
    items.push(json);
  }
  return { items, total: output.length, truncated: items.length < output.length };
}

