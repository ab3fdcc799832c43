import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isDarkTheme, isN8nDocument, N8N_SELECTORS, N8N_TITLE, restEndpoint, workflowIdFromPath } from './n8n-page.ts';

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

// Saved from the real n8n 2.40.7 editor by scripts/capture-n8n-html.mjs.
describe('selectors against the saved real n8n editor', () => {
  const saved = (name: string) => {
    const html = readFileSync(resolve(import.meta.dirname, '../tests/fixtures', name), 'utf8');
    return { doc: new DOMParser().parseFromString(html, 'text/html'), path: /<!-- captured from (\S+) -->/.exec(html)?.[1] ?? '' };
  };

  it('finds the markers and the canvas on a workflow page', () => {
    const { doc, path } = saved('n8n-editor-workflow.html');
    expect(isN8nDocument(doc)).toBe(true);
    expect(restEndpoint(doc)).toBe('rest');
    // The editor retitles the tab with the workflow's name: the title is no marker there.
    expect(doc.title).not.toBe(N8N_TITLE);
    expect(doc.querySelector(N8N_SELECTORS.canvas)).not.toBeNull();
    expect(doc.querySelector(N8N_SELECTORS.canvasControls)).not.toBeNull();
    expect(workflowIdFromPath(path)).toMatch(/^\w+$/);
    expect(isDarkTheme(doc, false)).toBe(false);
  });

  it('follows the theme n8n chose, and the system only when n8n follows it', () => {
    const { doc } = saved('n8n-editor-workflow.html');
    expect([isDarkTheme(doc, false), isDarkTheme(doc, true)]).toEqual([false, true]); // no data-theme: the system decides
    doc.body.setAttribute('data-theme', 'dark');
    expect([isDarkTheme(doc, false), isDarkTheme(doc, true)]).toEqual([true, true]);
    doc.body.setAttribute('data-theme', 'light');
    expect([isDarkTheme(doc, false), isDarkTheme(doc, true)]).toEqual([false, false]);
  });

  it('knows the sign-in page is n8n but has no workflow there', () => {
    const { doc, path } = saved('n8n-signin.html');
    expect(isN8nDocument(doc)).toBe(true);
    expect(doc.title).toBe(N8N_TITLE);
    expect(doc.querySelector(N8N_SELECTORS.canvas)).toBeNull();
    expect(workflowIdFromPath(path)).toBeNull();
  });
});
