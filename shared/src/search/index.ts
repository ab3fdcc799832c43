import MiniSearch from 'minisearch';
import type { CatalogOperation } from '../openapi/catalog.ts';
import type { Template } from '../templates/schema.ts';

/**
 * One index over OpenAPI operations and templates, for plain-words queries such as "create a
 * customer" or "close an issue". Two steps: BM25 (MiniSearch) finds the operations about the
 * query's words, with verbs folded into four actions, light stemming and small words dropped;
 * then the best of those are re-ranked by intent: what the query asks to do (create, update,
 * delete, fetch one, list, or a verb of its own such as "merge") against what each operation
 * does, read from its HTTP method, its path's shape (a collection, an item ending in `{id}`, or a
 * verb after the item such as `/invoices/{invoice}/pay`) and its operationId's verb. A query
 * about the signed-in user ("my profile", "who am I") prefers the operations on that user.
 */
export type SearchHit =
  | { kind: 'operation'; id: string; score: number; operation: CatalogOperation }
  | { kind: 'template'; id: string; score: number; template: Template };

const VERBS: Record<string, string[]> = {
  get: ['get', 'fetch', 'find', 'retrieve', 'read', 'show', 'lookup', 'view', 'query', 'download', 'check'],
  create: ['create', 'add', 'new', 'make', 'insert', 'post', 'upload', 'register', 'invite', 'start', 'publish', 'generate', 'write', 'give', 'save', 'store', 'put'],
  // Archiving keeps the thing, inactive (Stripe prices, GitHub repositories).
  update: ['update', 'edit', 'change', 'modify', 'patch', 'rename', 'replace', 'reopen', 'upgrade', 'archive'],
  delete: ['delete', 'remove', 'cancel', 'destroy', 'erase', 'revoke', 'stop'],
};
const ACTION_OF = new Map(Object.entries(VERBS).flatMap(([action, verbs]) => verbs.map((verb) => [verb, action] as const)));
// Closing usually means setting a state (GitHub issues, Jira tickets), sometimes deleting.
// "list" and "search" are reads that also name a kind of endpoint, so they keep their own word.
const AMBIGUOUS: Record<string, string[]> = { close: ['update', 'delete', 'close'], open: ['create', 'update', 'open'], send: ['create', 'send'], list: ['get', 'list'], search: ['get', 'search'] };
const METHOD_ACTION: Record<string, string> = { GET: 'get', HEAD: 'get', POST: 'create', PUT: 'update', PATCH: 'update', DELETE: 'delete' };
// Short forms that API paths and ids use for the words people type.
const ABBREVIATIONS: Record<string, string> = { repo: 'repository', org: 'organization', pr: 'pull', msg: 'message', auth: 'authentication', config: 'configuration', info: 'information' };
const STOP = new Set(['a', 'an', 'the', 'of', 'for', 'to', 'in', 'on', 'my', 'all', 'by', 'with', 'and', 'or', 'from', 'at', 'is', 'it', 'this', 'that', 'some', 'me', 'i', 's', 'v1', 'v2', 'v3', 'api']);
// Words people type for what APIs call otherwise; only queries are expanded (the word itself is kept).
const QUERY_SYNONYMS: Record<string, string[]> = {
  reply: ['comment'],
  ask: ['request'],
  ticket: ['issue'],
  access: ['collaborator'],
  file: ['content'],
  deploy: ['deployment'],
  react: ['reaction'],
  subscribe: ['subscription'],
  text: ['sms'],
  quota: ['rate', 'limit'],
  branch: ['ref'],
  people: ['member'],
  tweet: ['post', 'twitter'],
  chatgpt: ['openai'],
  gpt: ['openai'],
  sms: ['sms', 'message'],
  approve: ['review'],
};
// Who the signed-in user is: GitHub's `/user…` operations (`…-authenticated-user`), Stripe's `/v1/account`.
const SELF_WORDS = new Set(['my', 'me', 'i', 'mine', 'myself', 'whoami', 'profile']);
const SELF_TERMS: Record<string, string[]> = { profile: ['authenticated', 'user'], whoami: ['authenticated', 'user'] };

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
  if (word.length > 5 && word.endsWith('ed')) return word.slice(0, /([bdgmnprt])\1ed$/.test(word) ? -3 : -2);
  return word;
}

function processTerm(term: string): string | string[] | null {
  const word = term.toLowerCase();
  if (STOP.has(word)) return null;
  if (AMBIGUOUS[word]) return AMBIGUOUS[word]!;
  const stemmed = stem(word);
  return ACTION_OF.get(word) ?? ACTION_OF.get(stemmed) ?? ABBREVIATIONS[stemmed] ?? stemmed;
}

function processQueryTerm(term: string): string | string[] | null {
  const word = term.toLowerCase();
  if (SELF_WORDS.has(word)) return SELF_TERMS[word] ?? 'authenticated';
  const processed = processTerm(word);
  const synonyms = QUERY_SYNONYMS[word] ?? QUERY_SYNONYMS[stem(word)];
  if (!synonyms) return processed;
  return [...new Set([...(processed === null ? [] : [processed].flat()), ...synonyms])];
}

type Action = 'get' | 'list' | 'create' | 'update' | 'delete' | 'other';

/** What an operation does, read from its method, its path and its id. */
interface Shape {
  action: Action;
  /** Its own verb when it has one (`merge`, `pay`, `star`, `search`), else the action. */
  verb: string;
  /** About the signed-in user. */
  self: boolean;
  /** The path, for the words of its fixed segments (read when the operation is re-ranked). */
  path: string;
}

/** What a query asks for. */
interface Intent {
  action: Action | null;
  verb: string | null;
  self: boolean;
}

const OWN_ACTION: Record<string, Action> = { get: 'get', list: 'list', create: 'create', add: 'create', update: 'update', set: 'update', replace: 'update', delete: 'delete', remove: 'delete', unfollow: 'delete', unstar: 'delete', unblock: 'delete' };
const isPlural = (word: string) => word.length > 3 && word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us');
const termsOf = (words: string[], process: (term: string) => string | string[] | null) => words.flatMap((word) => [process(word) ?? []].flat());

function operationShape(operation: CatalogOperation): Shape {
  const path = operation.path.replace(/^\/v\d+(?=\/)/, '');
  const literal = path.split('/').filter(Boolean);
  const last = literal.at(-1) ?? '';
  const item = last.startsWith('{');
  const self = /authenticated/.test(operation.operationId) || /^\/(user|account)(\/|$)/.test(path);
  const shape = (action: Action, verb: string = action): Shape => ({ action, verb, self, path });
  if (last === 'search' || operation.operationId.startsWith('search/')) return shape('list', 'search');
  // GitHub-style ids name their verb: `issues/create-comment`, `pulls/merge`.
  const idVerb = /\/([a-z]+)/.exec(operation.operationId)?.[1];
  if (idVerb) {
    const action = OWN_ACTION[idVerb] ?? (ACTION_OF.get(idVerb) as Action | undefined);
    return action ? shape(action) : shape('other', idVerb);
  }
  if (operation.method === 'POST' && literal.at(-2)?.startsWith('{') && !item && !isPlural(last)) {
    // `/v1/invoices/{invoice}/pay`: a verb of its own on one item.
    const verb = last.replace(/_.*/, '');
    const action = ACTION_OF.get(verb) as Action | undefined;
    return action ? shape(action) : shape('other', verb);
  }
  if (operation.method === 'GET') return shape(item || !isPlural(last) ? 'get' : 'list');
  return shape(operation.method === 'DELETE' ? 'delete' : operation.method === 'POST' && !item ? 'create' : 'update');
}

function templateShape(template: Template): Shape {
  const first = template.name.split(/\s+/)[0]!.toLowerCase();
  const action = (OWN_ACTION[first] ?? ACTION_OF.get(first) ?? (template.request.method === 'GET' ? 'get' : 'create')) as Action;
  return { action, verb: action, self: false, path: '' };
}

const LIST_WORDS = new Set(['list', 'all', 'every', 'recent', 'browse']);
const SEARCH_WORDS = new Set(['search', 'find']);
const ONE_WORDS = new Set(['a', 'an', 'one', 'single', 'this', 'that', 'specific', 'particular', 'number', 'details', 'detail']);
// Nouns that, as a query's verb, ask to make one: "comment on an issue", "star a repo".
const MAKING_WORDS = new Set(['comment', 'reply', 'star', 'follow', 'fork', 'tweet', 'assign', 'approve', 'review', 'label', 'tag', 'deploy', 'react', 'subscribe']);
// Phrases read as one word: "look up", "pay out", "the logged-in user".
const PHRASES: [RegExp, string][] = [
  [/\blook up\b/gi, 'lookup'],
  [/\bpay out\b/gi, 'payout'],
  [/\b(?:logged|signed)[ -]in\b|\bcurrent user\b/gi, 'my'],
];
// Said of a state, not an action, after the verb: "show open pull requests".
const STATE_WORDS = new Set(['open', 'closed', 'active']);

function queryIntent(words: string[], verbs: ReadonlySet<string>): Intent {
  const self = words.some((w) => SELF_WORDS.has(w));
  const content = words.filter((w) => !STOP.has(w) || ONE_WORDS.has(w) || w === 'all');
  const intent = (action: Action | null, verb: string | null = action): Intent => ({ action, verb, self });
  const first = content[0];
  if (first === undefined) return intent(null);
  const rest = content.slice(1);
  const asksOne = rest.some((w) => ONE_WORDS.has(w)) || !rest.some(isPlural);
  // "who follows me" lists people; "who am I" asks for one.
  if (first === 'who') return rest[0] === 'am' || rest[0] === 'is' ? intent('get') : intent('list');
  if (LIST_WORDS.has(first)) return intent('list');
  if (SEARCH_WORDS.has(first)) return asksOne && first === 'find' ? intent('get') : intent('list', 'search');
  const action = ACTION_OF.get(first) ?? ACTION_OF.get(stem(first));
  // "get a subscription" fetches one; "get my orders", "show open pull requests" list.
  if (action === 'get') return intent(asksOne ? 'get' : 'list', 'get');
  if (action) return intent(action as Action);
  if (MAKING_WORDS.has(first)) return intent('create', stem(first));
  // A verb of the API's own, or a word for one: "merge a pull request", "ask for a review" (request-reviewers).
  const own = [stem(first), ...(QUERY_SYNONYMS[first] ?? [])].find((verb) => verbs.has(verb));
  if (own) return intent('other', own);
  // No verb: "balance transactions", "branches of a repository" list; "latest release" fetches one.
  return content.some((w) => isPlural(w) && !ONE_WORDS.has(w)) ? intent('list') : intent(null);
}

/** The words of each fixed segment of a path, as the index reads them: `/customers/{customer}/balance_transactions` → [[customer], [balance, transaction]]. */
const pathWords = (path: string) => path.split('/').flatMap((segment) => (segment && !segment.startsWith('{') ? [termsOf(tokenize(segment), processTerm)] : []));

/** Whether a query names a word of a path: its terms as the index reads them (stemmed, synonyms added), or a prefix of it. */
function mentionsOf(terms: string[]): (word: string) => boolean {
  const exact = new Set(terms);
  const prefixes = terms.filter((term) => term.length > 3);
  const known = new Map<string, boolean>();
  return (word) => {
    let mentioned = known.get(word);
    if (mentioned === undefined) known.set(word, (mentioned = exact.has(word) || prefixes.some((prefix) => word.startsWith(prefix))));
    return mentioned;
  };
}

/** How much an operation's shape fits what the query asks; 1 is neutral. */
function intentFit(intent: Intent, shape: Shape, segments: string[][], mentions: (word: string) => boolean): number {
  let fit = 1;
  if (intent.verb && intent.verb !== intent.action && shape.verb === intent.verb) fit *= 1.8;
  else if (intent.action && intent.action !== 'other') {
    if (shape.action === intent.action) fit *= 1.6;
    else if (intent.action === 'get' && shape.action === 'list') fit *= 1.1;
    else if (!(intent.action === 'list' && shape.action === 'get')) fit *= 0.7;
  }
  if (intent.self && shape.self) fit *= 1.3;
  // Each part of the path the query never mentions makes the operation a less likely answer:
  // "create a customer" is `/customers`, not `/customers/{customer}/sources`.
  for (const words of segments) if (!words.some(mentions)) fit *= 0.85;
  return fit;
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

// How many of BM25's best the intent re-ranks.
const RERANKED = 40;

export function createSearchIndex({ operations = [], templates = [] }: { operations?: readonly CatalogOperation[]; templates?: readonly Template[] }): SearchIndex {
  const index = new MiniSearch<IndexedDocument>({
    fields: ['action', 'title', 'name', 'tags', 'description'],
    storeFields: ['kind'],
    tokenize,
    processTerm,
    searchOptions: { boost: { title: 3, action: 1.5, name: 0.7, tags: 1, description: 0.2 }, prefix: (term) => term.length > 3, fuzzy: (term) => (term.length > 5 ? 0.15 : false), combineWith: 'OR', processTerm: processQueryTerm },
  });
  const operationsById = new Map<string, CatalogOperation>();
  const templatesById = new Map<string, Template>();
  const shapes = new Map<string, Shape>();
  // Filled as operations are re-ranked, so building the index does not pay for it.
  const segmentsByPath = new Map<string, string[][]>();
  // The verbs operations have of their own (`merge`, `pay`, `star`), so a query starting with one reads as a verb.
  const verbs = new Set<string>();
  const documents: IndexedDocument[] = [];
  for (const operation of operations) {
    const id = `op:${operation.operationId}`;
    if (operationsById.has(id)) continue;
    operationsById.set(id, operation);
    const shape = operationShape(operation);
    shapes.set(id, shape);
    if (shape.action === 'other') verbs.add(stem(shape.verb));
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
    shapes.set(id, templateShape(template));
    // The service as one word too ("OpenAI" would split into "open" and "ai"), and the API's host ("api.openai.com").
    const host = /^https?:\/\/([^/{]+)/.exec(template.request.url)?.[1] ?? '';
    const name = `${template.service} ${template.service.toLowerCase().replace(/[^a-z0-9]/g, '')} ${host.replace(/\b(api|www|com|io|net|org)\b/g, ' ')}`;
    documents.push({ id, kind: 'template', action: METHOD_ACTION[template.request.method] ?? '', title: template.name, name, tags: template.tags.join(' '), description: template.description });
  }
  index.addAll(documents);

  return {
    search(query, { limit = 10, kind } = {}) {
      const words = tokenize(PHRASES.reduce((text, [phrase, word]) => text.replace(phrase, word), query)).map((w) => w.toLowerCase());
      const intent = queryIntent(words, verbs);
      const kept = intent.action === 'get' || intent.action === 'list' ? words.filter((w) => !STATE_WORDS.has(w)) : words;
      const mentions = mentionsOf(termsOf(kept, processQueryTerm));
      const results = index.search(kept.join(' '), kind ? { filter: (result) => result.kind === kind } : {});
      const reranked = results.slice(0, RERANKED).map((result) => {
        const id = String(result.id);
        const shape = shapes.get(id)!;
        let segments = segmentsByPath.get(shape.path);
        if (!segments) segmentsByPath.set(shape.path, (segments = pathWords(shape.path)));
        return { id, score: result.score * intentFit(intent, shape, segments, mentions) };
      });
      reranked.sort((a, b) => b.score - a.score);
      const hits: SearchHit[] = [];
      // Past the re-ranked ones, scores are capped so hits stay in score order (the extension merges specs by score).
      const floor = reranked.at(-1)?.score ?? 0;
      for (let i = 0; i < results.length && hits.length < limit; i++) {
        const { id, score } = reranked[i] ?? { id: String(results[i]!.id), score: Math.min(results[i]!.score, floor) };
        const operation = operationsById.get(id);
        const template = templatesById.get(id);
        if (operation) hits.push({ kind: 'operation', id, score, operation });
        else if (template) hits.push({ kind: 'template', id, score, template });
      }
      return hits;
    },
  };
}
