import MiniSearch from 'minisearch';
import type { CatalogOperation } from '../openapi/catalog.ts';
import type { Template } from '../templates/schema.ts';

/**
 * One index over OpenAPI operations and templates, for plain-words queries such as "create a
 * customer" or "close an issue". Verbs are folded into four actions (with the HTTP method as
 * a hint), words are lightly stemmed, and small words are dropped.
 */
export type SearchHit =
  | { kind: 'operation'; id: string; score: number; operation: CatalogOperation }
  | { kind: 'template'; id: string; score: number; template: Template };

const VERBS: Record<string, string[]> = {
  get: ['get', 'fetch', 'find', 'retrieve', 'read', 'show', 'lookup', 'view', 'query', 'download', 'check'],
  create: ['create', 'add', 'new', 'make', 'insert', 'post', 'upload', 'register', 'invite', 'start'],
  update: ['update', 'edit', 'change', 'modify', 'patch', 'rename', 'replace', 'reopen'],
  delete: ['delete', 'remove', 'cancel', 'destroy', 'erase', 'revoke', 'archive'],
};
const ACTION_OF = new Map(Object.entries(VERBS).flatMap(([action, verbs]) => verbs.map((verb) => [verb, action] as const)));
// Closing usually means setting a state (GitHub issues, Jira tickets), sometimes deleting.
// "list" and "search" are reads that also name a kind of endpoint, so they keep their own word.
const AMBIGUOUS: Record<string, string[]> = { close: ['update', 'delete', 'close'], open: ['create', 'update', 'open'], send: ['create', 'send'], list: ['get', 'list'], search: ['get', 'search'] };
const METHOD_ACTION: Record<string, string> = { GET: 'get', HEAD: 'get', POST: 'create', PUT: 'update', PATCH: 'update', DELETE: 'delete' };
// Short forms that API paths and ids use for the words people type.
const ABBREVIATIONS: Record<string, string> = { repo: 'repository', org: 'organization', pr: 'pull', msg: 'message', auth: 'authentication', config: 'configuration', info: 'information' };
const STOP = new Set(['a', 'an', 'the', 'of', 'for', 'to', 'in', 'on', 'my', 'all', 'by', 'with', 'and', 'or', 'from', 'at', 'is', 'it', 'this', 'that', 'some', 'me', 'i', 'v1', 'v2', 'v3', 'api']);

/** Splits `getCustomerById`, `/v1/customers/{id}` and `issues/update` into words. */
export function tokenize(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/\{[^}]*\}/g, ' ')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
}

export function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && /(ss|x|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us')) return word.slice(0, -1);
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3);
  return word;
}

function processTerm(term: string): string | string[] | null {
  const word = term.toLowerCase();
  if (STOP.has(word)) return null;
  if (AMBIGUOUS[word]) return AMBIGUOUS[word]!;
  const stemmed = stem(word);
  return ACTION_OF.get(word) ?? ACTION_OF.get(stemmed) ?? ABBREVIATIONS[stemmed] ?? stemmed;
}

interface IndexedDocument {
  id: string;
  kind: 'operation' | 'template';
  action: string;
  title: string;
  name: string;
  tags: string;
  description: string;
}

export interface SearchIndex {
  search(query: string, options?: { limit?: number; kind?: 'operation' | 'template' }): SearchHit[];
}

export function createSearchIndex({ operations = [], templates = [] }: { operations?: readonly CatalogOperation[]; templates?: readonly Template[] }): SearchIndex {
  const index = new MiniSearch<IndexedDocument>({
    fields: ['action', 'title', 'name', 'tags', 'description'],
    storeFields: ['kind'],
    tokenize,
    processTerm,
    searchOptions: { boost: { title: 3, action: 1.5, name: 0.7, tags: 1, description: 0.2 }, prefix: (term) => term.length > 3, fuzzy: (term) => (term.length > 5 ? 0.15 : false), combineWith: 'OR' },
  });
  const operationsById = new Map<string, CatalogOperation>();
  const templatesById = new Map<string, Template>();
  const documents: IndexedDocument[] = [];
  for (const operation of operations) {
    const id = `op:${operation.operationId}`;
    if (operationsById.has(id)) continue;
    operationsById.set(id, operation);
    documents.push({
      id,
      kind: 'operation',
      action: METHOD_ACTION[operation.method] ?? '',
      title: operation.summary,
      // The operationId and the fixed path segments: `issues/update`, `/repos/{owner}/{repo}/issues`.
      name: `${operation.operationId} ${operation.path}`,
      tags: operation.tags.join(' '),
      description: operation.description.slice(0, 200),
    });
  }
  for (const template of templates) {
    const id = `tpl:${template.id}`;
    templatesById.set(id, template);
    documents.push({ id, kind: 'template', action: METHOD_ACTION[template.request.method] ?? '', title: template.name, name: template.service, tags: template.tags.join(' '), description: template.description });
  }
  index.addAll(documents);

  return {
    search(query, { limit = 10, kind } = {}) {
      const hits: SearchHit[] = [];
      for (const result of index.search(query)) {
        if (kind && result.kind !== kind) continue;
        const id = String(result.id);
        const operation = operationsById.get(id);
        const template = templatesById.get(id);
        if (operation) hits.push({ kind: 'operation', id, score: result.score, operation });
        else if (template) hits.push({ kind: 'template', id, score: result.score, template });
        if (hits.length >= limit) break;
      }
      return hits;
    },
  };
}
