// "Explain with AI" on the panel's side: what will be sent (the digest's node, error, parameters
// and sample input, secrets removed: shared/src/ai/explain.ts) is shown first; once the user
// confirms, the background runs the model where the key is (the server's, or the user's own) and
// streams its events back on a port. The state here is pure, so the streaming is tested alone.
import { explainPayload, type AiExplanation, type ExplainPayload } from '@ai-http/shared/ai/explain';
import type { ExplainEvent } from '@ai-http/shared/ai/run';
import type { ExecutionDigest } from '@ai-http/shared/n8n/digest-schema';
import { streamOverPort } from '../../common/port-stream.ts';
import { EXPLAIN_PORT, type ExplainInput } from '../request-builder/protocol.ts';
import { parseParameterPath } from './node-edit.ts';

export type FixEdit = { state: 'applying' } | { state: 'applied' } | { state: 'failed'; message: string };

export interface AiExplainState {
  executionId: string;
  /** The failing node, as the digest named it when the preview opened: what a fix's edit applies to. */
  nodeName: string | null;
  /** preview: shown, not sent; streaming: sent, answer coming; done: explanation and fixes; failed: the reason (the offline explanation stands). */
  phase: 'preview' | 'streaming' | 'done' | 'failed';
  /** Exactly what the model is given, secrets removed; the user sees it before confirming. */
  payload: ExplainPayload;
  /** The explanation as it streams (grows, never shrinks). */
  partial: string;
  result: AiExplanation | null;
  message: string | null;
  /** Per fix (by index), what applying its edit to the node did. */
  edits: Record<number, FixEdit>;
}

export function previewExplain(digest: ExecutionDigest): AiExplainState {
  return { executionId: digest.executionId, nodeName: digest.failingNode?.name ?? null, phase: 'preview', payload: explainPayload(digest), partial: '', result: null, message: null, edits: {} };
}

/** One event from the background applied to the state. Events after the end are ignored. */
export function applyExplainEvent(state: AiExplainState, event: ExplainEvent): AiExplainState {
  if (state.phase === 'done' || state.phase === 'failed' || state.phase === 'preview') return state;
  switch (event.type) {
    case 'sent':
      return state;
    case 'partial':
      return event.explanation.length > state.partial.length ? { ...state, partial: event.explanation } : state;
    case 'result':
      return { ...state, phase: 'done', result: event.explanation, partial: event.explanation.explanation };
    case 'failed':
      return { ...state, phase: 'failed', message: event.message };
  }
}

/** The port closed before a result or a failure (the background restarted, the tab is closing). */
export function explainGone(state: AiExplainState, message: string): AiExplainState {
  return state.phase === 'streaming' ? { ...state, phase: 'failed', message } : state;
}

/** Whether a fix can be applied to the node: it has an edit whose path is a parameter path. */
export function applicableEdit(fix: AiExplanation['fixes'][number]): { parameter: string; value: unknown } | null {
  return fix.edit && parseParameterPath(fix.edit.parameter) ? fix.edit : null;
}

/** Opens the stream for `input`; the returned function cancels it. */
export type ExplainConnect = (input: ExplainInput, onEvent: (event: ExplainEvent) => void, onGone: () => void) => () => void;

export const connectExplain: ExplainConnect = (input, onEvent, onGone) => streamOverPort(EXPLAIN_PORT, input, onEvent, onGone);
