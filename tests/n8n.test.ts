// The real n8n that `npm test` installs, starts and bootstraps (scripts/lib/n8n.mjs) really works:
// the API key is accepted, and a production webhook run fails the way the debugger will see it.
import { describe, expect, it } from 'vitest';
import { closedPort, createWebhookWorkflow, n8nApi, n8nUnderTest, waitForExecution } from './support/n8n.ts';

describe('real n8n under test', () => {
  const n8n = n8nUnderTest();

  it('accepts the bootstrapped API key on the public API and refuses a wrong one', async () => {
    const list = await n8nApi<{ data: unknown[]; nextCursor: string | null }>(n8n, '/workflows?limit=1');
    expect(Array.isArray(list.data)).toBe(true);
    const refused = await fetch(`${n8n.url}/api/v1/workflows`, { headers: { 'X-N8N-API-KEY': 'not-a-key' } });
    expect(refused.status).toBe(401);
  });

  it('serves the editor markers the extension detects', async () => {
    const html = await (await fetch(`${n8n.url}/signin`)).text();
    expect(html).toContain('<meta name="n8n:config:rest-endpoint"');
    expect(html).toContain('<title>n8n.io - Workflow Automation</title>');
  });

  it('records a failed production execution for Webhook → HTTP Request to a closed port', async () => {
    const workflow = await createWebhookWorkflow(n8n, `http://127.0.0.1:${await closedPort()}/orders`);
    const response = await workflow.trigger();
    expect(response.status).toBe(200);
    const execution = await waitForExecution(n8n, workflow.id);
    expect(execution.status).toBe('error');
    expect(execution.data?.resultData?.error?.node?.name).toBe('Call API');
    expect(execution.data?.resultData?.error?.message).toMatch(/ECONNREFUSED|connect|refused/i);
    expect(Object.keys(execution.data?.resultData?.runData ?? {})).toEqual(['Webhook', 'Call API']);
  });
});
