import { describe, expect, it } from 'vitest';
import { createSearchIndex, stem, tokenize } from '../src/search/index.ts';
import { builtinTemplates } from '../src/templates/catalog.ts';
import { fixtureOperations as catalog } from './search-evaluation.ts';

const stripe = createSearchIndex({ operations: catalog('stripe-2022-04-12.json') });
const github = createSearchIndex({ operations: catalog('github-2020-08-30.json') });
const top3 = (index: typeof stripe, query: string) => index.search(query, { limit: 3 }).map((hit) => (hit.kind === 'operation' ? hit.operation.operationId : hit.id));

describe('search in plain words: the right operation is in the top three', () => {
  it.each([
    ['create a customer', 'PostCustomers'],
    ['add a new customer', 'PostCustomers'],
    ['list customers', 'GetCustomers'],
    ['fetch a customer', 'GetCustomersCustomer'],
    ['remove a customer', 'DeleteCustomersCustomer'],
    ['refund a charge', 'PostChargesChargeRefund'],
    ['make a payment intent', 'PostPaymentIntents'],
    ['cancel a subscription', 'DeleteSubscriptionsSubscriptionExposedId'],
    ['update a subscription', 'PostSubscriptionsSubscriptionExposedId'],
    ['list invoices', 'GetInvoices'],
    ['create a checkout session', 'PostCheckoutSessions'],
    ['list payment methods of a customer', 'GetCustomersCustomerPaymentMethods'],
  ])('Stripe: "%s" → %s', (query, expected) => {
    expect(top3(stripe, query)).toContain(expected);
  });

  it.each([
    ['close an issue', 'issues/update'],
    ['edit an issue', 'issues/update'],
    ['open an issue', 'issues/create'],
    ['create an issue', 'issues/create'],
    ['list issues of a repository', 'issues/list-for-repo'],
    ['create a pull request', 'pulls/create'],
    ['merge a pull request', 'pulls/merge'],
    ['add a comment to an issue', 'issues/create-comment'],
    ['list repositories of a user', 'repos/list-for-user'],
    ['delete a repository', 'repos/delete'],
    ['list commits', 'repos/list-commits'],
    ['create a release', 'repos/create-release'],
    ['add labels to an issue', 'issues/add-labels'],
    ['create a gist', 'gists/create'],
  ])('GitHub: "%s" → %s', (query, expected) => {
    expect(top3(github, query)).toContain(expected);
  });

  it('"create a repository" finds one of the two ways to create one', () => {
    expect(top3(github, 'create a repository').some((id) => id === 'repos/create-for-authenticated-user' || id === 'repos/create-in-org')).toBe(true);
  });
});

describe('one index over operations and templates', () => {
  it('ranks templates and operations together, and filters by kind', () => {
    const index = createSearchIndex({ operations: catalog('stripe-2022-04-12.json'), templates: builtinTemplates() });
    const hits = index.search('create a stripe customer', { limit: 5 });
    expect(hits.map((h) => h.id)).toContain('tpl:stripe.create-customer');
    expect(hits.some((h) => h.kind === 'operation')).toBe(true);
    expect(index.search('send a slack message', { kind: 'template', limit: 1 })[0]?.id).toBe('tpl:slack.post-message');
    expect(index.search('send an sms', { kind: 'template', limit: 1 })[0]?.id).toBe('tpl:twilio.send-sms');
  });

  it('returns nothing for words it has never seen', () => {
    expect(stripe.search('xylophone quasar')).toEqual([]);
  });
});

describe('tokenize and stem', () => {
  it('splits ids and paths into words', () => {
    expect(tokenize('getCustomerById /v1/customers/{customer}/sources issues/list-for-repo')).toEqual(['get', 'Customer', 'By', 'Id', 'v1', 'customers', 'sources', 'issues', 'list', 'for', 'repo']);
  });
  it('stems lightly', () => {
    expect(['customers', 'repositories', 'boxes', 'status', 'address', 'running'].map(stem)).toEqual(['customer', 'repository', 'box', 'status', 'address', 'runn']);
  });
});

describe('scores', () => {
  it('come in order past the re-ranked best 40 too, so hits from several specs can be merged by score', () => {
    for (const [index, query] of [[stripe, 'create a customer'], [stripe, 'update a subscription'], [github, 'my repositories'], [github, 'comment on an issue']] as const) {
      const scores = index.search(query, { limit: 100 }).map((hit) => hit.score);
      expect(scores.length).toBeGreaterThan(40);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
    }
  });
});
