import { describe, expect, it } from 'vitest';
import { isN8nDocument, restEndpoint, workflowIdFromPath } from '../../lib/n8n-page.ts';

const page = (head: string) => new DOMParser().parseFromString(`<!doctype html><html><head>${head}</head><body></body></html>`, 'text/html');

describe('n8n page detection', () => {
  it('recognises the editor by its rest-endpoint meta tag', () => {
    const doc = page('<meta name="n8n:config:rest-endpoint" content="cmVzdA=="><title>n8n.io - Workflow Automation</title>');
    expect(isN8nDocument(doc)).toBe(true);
    expect(restEndpoint(doc)).toBe('rest');
  });

  it('does not mistake a page that only borrows the title', () => {
    expect(isN8nDocument(page('<title>n8n.io - Workflow Automation</title>'))).toBe(false);
  });

  it('reads the workflow id from editor paths, with or without a base path', () => {
    expect(workflowIdFromPath('/workflow/AbC123')).toBe('AbC123');
    expect(workflowIdFromPath('/n8n/workflow/AbC123/executions')).toBe('AbC123');
    expect(workflowIdFromPath('/home/workflows')).toBeNull();
  });
});
