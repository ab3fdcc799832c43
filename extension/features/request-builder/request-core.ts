// The request core (curlconverter's WebAssembly shell parser, the OpenAPI parser, the search
// index) is loaded on first use, only where the builder runs, so neither the overlay's content
// script nor the popup's first paint pays for it.
import type { ClipboardWorkflow } from '@ai-http/shared/n8n/http-request-node';
import type { RequestSpec } from '@ai-http/shared/request/spec';

export interface BuiltNode {
  request: RequestSpec;
  clipboard: ClipboardWorkflow;
  curl: string;
  warnings: string[];
}

async function build(request: RequestSpec, warnings: string[]): Promise<BuiltNode> {
  const [{ toHttpRequestNode, toClipboardWorkflow }, { toCurl }] = await Promise.all([import('@ai-http/shared/n8n/http-request-node'), import('@ai-http/shared/curl/export')]);
  const { node, warnings: nodeWarnings } = toHttpRequestNode(request);
  return { request, clipboard: toClipboardWorkflow([node]), curl: toCurl(request), warnings: [...warnings, ...nodeWarnings] };
}

export async function nodeFromCurl(text: string): Promise<BuiltNode> {
  const { importCurl } = await import('@ai-http/shared/curl/import');
  const { request, warnings } = importCurl(text);
  return build(request, warnings);
}

export async function searchTemplates(query: string, limit = 8) {
  const [{ builtinTemplates }, { createSearchIndex }] = await Promise.all([import('@ai-http/shared/templates/catalog'), import('@ai-http/shared/search/index')]);
  const templates = builtinTemplates();
  if (!query.trim()) return templates.slice(0, limit);
  return createSearchIndex({ templates }).search(query, { limit, kind: 'template' }).flatMap((hit) => (hit.kind === 'template' ? [hit.template] : []));
}

export async function nodeFromTemplate(request: RequestSpec): Promise<BuiltNode> {
  return build(request, []);
}

export async function openApiCatalog(text: string) {
  const [{ loadOpenApi }, { buildCatalog }, { createSearchIndex }, { resolveOperation, operationToRequest }] = await Promise.all([
    import('@ai-http/shared/openapi/document'),
    import('@ai-http/shared/openapi/catalog'),
    import('@ai-http/shared/search/index'),
    import('@ai-http/shared/openapi/operation'),
  ]);
  const doc = loadOpenApi(text);
  const catalog = buildCatalog(doc);
  const index = createSearchIndex({ operations: catalog.operations });
  return {
    title: catalog.title,
    count: catalog.operations.length,
    search: (query: string, limit = 8) => (query.trim() ? index.search(query, { limit, kind: 'operation' }).flatMap((hit) => (hit.kind === 'operation' ? [hit.operation] : [])) : catalog.operations.slice(0, limit)),
    toNode: (operationId: string) => {
      const operation = catalog.operations.find((o) => o.operationId === operationId);
      if (!operation) throw new Error(`No operation ${operationId}`);
      return build(operationToRequest(resolveOperation(doc, operation)), []);
    },
  };
}
