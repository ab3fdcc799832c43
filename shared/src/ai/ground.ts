import { buildCatalog, type CatalogOperation } from '../openapi/catalog.ts';
import type { OpenApiDocument } from '../openapi/document.ts';
import { resolveOperation } from '../openapi/operation.ts';
import { createSearchIndex } from '../search/index.ts';
import type { Template } from '../templates/schema.ts';
import { candidatesFromHits, type AiCandidate } from './candidates.ts';

/** How many candidates the model is given: enough for the right one to be there, few enough to keep the prompt small. */
export const CANDIDATE_LIMIT = 8;

export interface GroundingSources {
  /** Imported OpenAPI documents. */
  documents?: readonly OpenApiDocument[];
  /** Built-in templates, the user's own, and saved requests offered as templates. */
  templates?: readonly Template[];
}

/**
 * Retrieval before generation: the search index picks the candidates, and only those reach the
 * model. An operation id met in two documents keeps the first, as the index does.
 */
export function groundCandidates(query: string, { documents = [], templates = [] }: GroundingSources, limit = CANDIDATE_LIMIT): AiCandidate[] {
  const owner = new Map<string, { doc: OpenApiDocument; operation: CatalogOperation }>();
  const operations: CatalogOperation[] = [];
  for (const doc of documents) {
    for (const operation of buildCatalog(doc).operations) {
      if (owner.has(operation.operationId)) continue;
      owner.set(operation.operationId, { doc, operation });
      operations.push(operation);
    }
  }
  const hits = createSearchIndex({ operations, templates }).search(query, { limit });
  return candidatesFromHits(hits, (hit) => {
    const found = owner.get(hit.operation.operationId);
    return found ? resolveOperation(found.doc, found.operation) : null;
  });
}
