// The request core (curlconverter's WebAssembly shell parser, the OpenAPI parser, the search
// index) is loaded on first use, only where the builder runs, so neither the overlay's content
// script nor the popup's first paint pays for it.
import type { PasteResult } from '@ai-http/shared/import/paste';
import type { ClipboardWorkflow } from '@ai-http/shared/n8n/http-request-node';
import type { RequestSpec } from '@ai-http/shared/request/spec';
import type { Template } from '@ai-http/shared/templates/schema';

export interface BuiltNode {
  request: RequestSpec;
  clipboard: ClipboardWorkflow;
  curl: string;
  warnings: string[];
}

/** The node and cURL for a request: placeholders become n8n expressions on the incoming item. */
export async function buildNode(request: RequestSpec, { inlineSecrets = false }: { inlineSecrets?: boolean } = {}): Promise<BuiltNode> {
  const [{ toHttpRequestNode, toClipboardWorkflow }, { toCurl }, { nodeName }] = await Promise.all([
    import('@ai-http/shared/n8n/http-request-node'),
    import('@ai-http/shared/curl/export'),
    import('@ai-http/shared/n8n/node-name'),
  ]);
  const named = { ...request, name: request.name ?? nodeName({ url: request.url }) };
  const { node, warnings } = toHttpRequestNode(named, { inlineSecrets, placeholders: 'expressions' });
  return { request, clipboard: toClipboardWorkflow([node]), curl: toCurl(request), warnings };
}

/** Reads whatever was pasted: cURL (bash or cmd), fetch, raw HTTP, a URL, or plain words. */
export async function importAnyPaste(text: string): Promise<PasteResult> {
  const { importPaste } = await import('@ai-http/shared/import/paste');
  return importPaste(text);
}

export async function searchTemplates(query: string, limit = 8): Promise<Template[]> {
  const [{ builtinTemplates }, { createSearchIndex }] = await Promise.all([import('@ai-http/shared/templates/catalog'), import('@ai-http/shared/search/index')]);
  const templates = builtinTemplates();
  if (!query.trim()) return templates.slice(0, limit);
  return createSearchIndex({ templates }).search(query, { limit, kind: 'template' }).flatMap((hit) => (hit.kind === 'template' ? [hit.template] : []));
}

/** A template's request, named after its service and action. */
export async function templateRequest(template: Template): Promise<RequestSpec> {
  const { nodeName } = await import('@ai-http/shared/n8n/node-name');
  return { ...template.request, name: template.request.name ?? nodeName({ service: template.service, action: template.name, url: template.request.url }) };
}

