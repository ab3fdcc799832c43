import { describe, expect, it } from 'vitest';
import { actionName, nodeName, serviceName } from '../src/n8n/node-name.ts';

describe('node names a user would keep', () => {
  it('takes the service from a spec title', () => {
    expect(serviceName('Stripe API')).toBe('Stripe');
    expect(serviceName('GitHub v3 REST API')).toBe('GitHub');
    expect(serviceName('Swagger Petstore')).toBe('Swagger Petstore');
    expect(serviceName('API')).toBe('API');
  });

  it('turns docs phrasing into a short imperative, without the full stop', () => {
    expect(actionName('Creates a new customer object.')).toBe('Create customer');
    expect(actionName('Retrieves the details of an existing charge.')).toBe('Get details of existing charge');
    expect(actionName('Get a repository')).toBe('Get repository');
    expect(actionName('List repository issues')).toBe('List repository issues');
    expect(actionName('x'.repeat(80)).length).toBeLessThanOrEqual(61);
  });

  it('names the node after service and action, the host when that is all there is', () => {
    expect(nodeName({ service: 'Stripe', action: 'Creates a new customer object.', url: 'https://api.stripe.com/v1/customers' })).toBe('Stripe: Create customer');
    expect(nodeName({ url: 'https://api.example.com/v1/orders' })).toBe('example.com: HTTP Request');
    expect(nodeName({ action: 'Send a message', url: 'not a url' })).toBe('Send message');
  });
});
