// The plain-words evaluation of the search (issue 16 item 3), shared by its test and its benchmark:
// each query of tests/fixtures/search-queries.json is searched in an index over its source alone
// (GitHub's spec, Stripe's spec or the built-in templates); a hit is an expected id in the top 3.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildCatalog } from '../src/openapi/catalog.ts';
import type { CatalogOperation } from '../src/openapi/catalog.ts';
import { loadOpenApi } from '../src/openapi/document.ts';
import type { SearchHit, SearchIndex } from '../src/search/index.ts';
import { builtinTemplates } from '../src/templates/catalog.ts';
import type { Template } from '../src/templates/schema.ts';

export interface EvaluationQuery {
  source: 'github' | 'stripe' | 'templates';
  query: string;
  expected: string[];
  heldOut: boolean;
  /** When it was written (see the fixture's `about`): 1 is the tuning part, 2 and 3 are held out. */
  round: 1 | 2 | 3;
}

export const evaluationSet: EvaluationQuery[] = JSON.parse(readFileSync(resolve(import.meta.dirname, 'fixtures/search-queries.json'), 'utf8')).queries;

export const fixtureOperations = (file: string): CatalogOperation[] => buildCatalog(loadOpenApi(readFileSync(resolve(import.meta.dirname, '../../../shared/fixtures/openapi', file), 'utf8'))).operations;

export interface EvaluationSources {
  github: CatalogOperation[];
  stripe: CatalogOperation[];
  templates: Template[];
}

export const evaluationSources = (): EvaluationSources => ({ github: fixtureOperations('github-2020-08-30.json'), stripe: fixtureOperations('stripe-2022-04-12.json'), templates: builtinTemplates() });

type CreateIndex = (sources: { operations?: readonly CatalogOperation[]; templates?: readonly Template[] }) => SearchIndex;

export interface Figures {
  queries: number;
  top1: number;
  top3: number;
}

export interface Evaluation {
  tuning: Figures;
  heldOut: Figures;
  overall: Figures;
  byRound: Record<number, Figures>;
  misses: { query: EvaluationQuery; got: string[] }[];
}

const hitId = (hit: SearchHit) => (hit.kind === 'operation' ? hit.operation.operationId : (hit.template.builtinId ?? hit.template.id));

export function evaluate(createIndex: CreateIndex, sources: EvaluationSources, queries = evaluationSet): Evaluation {
  const indexes = { github: createIndex({ operations: sources.github }), stripe: createIndex({ operations: sources.stripe }), templates: createIndex({ templates: sources.templates }) };
  const empty = (): Figures => ({ queries: 0, top1: 0, top3: 0 });
  const result: Evaluation = { tuning: empty(), heldOut: empty(), overall: empty(), byRound: { 1: empty(), 2: empty(), 3: empty() }, misses: [] };
  for (const query of queries) {
    const got = indexes[query.source].search(query.query, { limit: 3 }).map(hitId);
    const rank = got.findIndex((id) => query.expected.includes(id));
    for (const figures of [query.heldOut ? result.heldOut : result.tuning, result.overall, result.byRound[query.round]!]) {
      figures.queries++;
      if (rank === 0) figures.top1++;
      if (rank >= 0) figures.top3++;
    }
    if (rank < 0) result.misses.push({ query, got });
  }
  return result;
}

export const percent = (count: number, figures: Figures) => (100 * count) / figures.queries;

export function formatEvaluation(evaluation: Evaluation): string {
  const row = (name: string, f: Figures) => `${name.padEnd(22)} ${String(f.queries).padStart(4)} queries  top-1 ${percent(f.top1, f).toFixed(1).padStart(5)} %  top-3 ${percent(f.top3, f).toFixed(1).padStart(5)} %`;
  const rounds = Object.entries(evaluation.byRound).map(([round, f]) => row(`  round ${round}${round === '1' ? ' (tuning)' : ' (held out)'}`, f));
  return [row('tuning', evaluation.tuning), row('held-out', evaluation.heldOut), row('overall', evaluation.overall), ...rounds].join('\n');
}
