// "Ask AI" on the page's side: the candidates come from what the plain-words search found here
// (templates, the user's own, imported specs); the background runs the model and streams its
// events back on a port. Nothing here sees a key.
import type { AiCandidate } from '@ai-http/shared/ai/candidates';
import type { AskEvent } from '@ai-http/shared/ai/run';
import type { LocalSavedRequest } from '@ai-http/shared/builder/stored';
import type { Template } from '@ai-http/shared/templates/schema';
import { streamOverPort } from '../../common/port-stream.ts';
import { ASK_PORT, type AskInput } from './protocol.ts';
import type { SpecSearchHit, SpecStore } from './specs/store.ts';

/** As many candidates as the server and the model are given. */
const MAX_CANDIDATES = 8;

/** The search's hits, in the order the page lists them, as candidates: the first is the offline answer. */
export async function candidatesFor({ mine, operations, templates, store }: { mine: LocalSavedRequest[]; operations: SpecSearchHit[]; templates: Template[]; store: SpecStore | null }): Promise<AiCandidate[]> {
  const { candidateFromTemplate } = await import('@ai-http/shared/ai/candidates');
  const own = mine.map((row) => candidateFromTemplate({ v: 2, id: row.id, builtinId: null, isPublic: false, service: 'Saved', name: row.name, description: row.tags.join(', '), tags: row.tags, docsUrl: null, request: row.request, updatedAt: null }, 'saved'));
  const fromSpecs = store ? (await Promise.all(operations.map((hit) => store.candidateFor(hit.specId, hit.operation.operationId).catch(() => null)))).filter((c): c is AiCandidate => c !== null) : [];
  const builtins = templates.map((template) => candidateFromTemplate(template));
  const seen = new Set<string>();
  return [...own, ...fromSpecs, ...builtins].filter((c) => !seen.has(c.id) && seen.add(c.id)).slice(0, MAX_CANDIDATES);
}

/** Streams the model's events for `input` to `onEvent`; the returned function cancels. */
export function askAi(input: AskInput, onEvent: (event: AskEvent) => void, onGone: () => void): () => void {
  return streamOverPort(ASK_PORT, input, onEvent, onGone);
}
