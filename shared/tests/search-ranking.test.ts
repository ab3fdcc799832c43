import { describe, expect, it } from 'vitest';
import { createSearchIndex } from '../src/search/index.ts';
import { evaluate, evaluationSet, evaluationSources, formatEvaluation, percent } from './search-evaluation.ts';

// Issue 16 item 3: without a model, the right operation is in the top 3 for at least 90 % of
// plain-words requests, on the whole set and on the third held out while the ranking was tuned.
const FLOOR = 90;

describe('plain-words ranking over GitHub, Stripe and the templates (tests/fixtures/search-queries.json)', () => {
  const evaluation = evaluate(createSearchIndex, evaluationSources());
  console.log(`search ranking\n${formatEvaluation(evaluation)}`);
  const misses = evaluation.misses.map(({ query, got }) => `${query.heldOut ? '[held out] ' : ''}${query.source}: "${query.query}" wants ${query.expected.join(' or ')}, top 3: ${got.join(', ') || '(nothing)'}`);

  it('is a set of at least 120 queries over the three sources, at least a third held out', () => {
    expect(evaluationSet.length).toBeGreaterThanOrEqual(120);
    expect(new Set(evaluationSet.map((q) => q.source))).toEqual(new Set(['github', 'stripe', 'templates']));
    expect(evaluation.heldOut.queries).toBeGreaterThanOrEqual(evaluationSet.length / 3);
  });

  it(`puts the right answer in the top 3 for at least ${FLOOR} % of the whole set`, () => {
    expect(percent(evaluation.overall.top3, evaluation.overall), misses.join('\n')).toBeGreaterThanOrEqual(FLOOR);
  });

  it(`and for at least ${FLOOR} % of the held-out third`, () => {
    expect(percent(evaluation.heldOut.top3, evaluation.heldOut), misses.filter((m) => m.startsWith('[held out]')).join('\n')).toBeGreaterThanOrEqual(FLOOR);
  });
});
