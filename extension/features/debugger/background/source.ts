// Where a workflow's executions come from, behind one interface: the AI-HTTP server's stream
// (server-source.ts: pushed, with digests) or n8n itself (direct-source.ts: read by the
// background every 2 s). The background's watch (watch.ts) picks one and falls back from the
// first to the second.
import { AppError } from '@ai-http/shared/errors';
import type { ExecutionRow, Problem, SourceNotice, WorkflowRef } from '../protocol.ts';

export type SourceUpdate =
  | { type: 'rows'; rows: ExecutionRow[] }
  /** The source delivers (again). */
  | { type: 'live' }
  | { type: 'unavailable'; notice: SourceNotice; problem: Problem | null };

export interface ExecutionSource {
  readonly kind: 'server' | 'direct';
  /** Reports the workflow's executions through `emit` until `signal` aborts. */
  watch(workflow: WorkflowRef, emit: (update: SourceUpdate) => void, signal: AbortSignal): void;
}

/** Direct reads also answer one-off reads: the starting point under the server's stream. */
export interface DirectReads extends ExecutionSource {
  readOnce(workflow: WorkflowRef, digested?: Set<string>, onRows?: (rows: ExecutionRow[]) => void): Promise<void>;
}

export const problemOf = (error: unknown): Problem => ({ code: error instanceof AppError ? error.code : 'INTERNAL', message: (error as Error).message });

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}
