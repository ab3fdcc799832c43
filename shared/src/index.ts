export * from './errors.ts';
export * from './versioned.ts';
export * from './request/spec.ts';
export * from './request/content-type.ts';
export * from './request/secrets.ts';
export * from './request/wire.ts';
export * from './curl/export.ts';
export * from './n8n/digest-schema.ts';
export * from './n8n/http-request-node.ts';
export * from './realtime/protocol.ts';
export * from './templates/schema.ts';
export type { CatalogOperation, OpenApiCatalog } from './openapi/catalog.ts';
export type { OpenApiDocument } from './openapi/document.ts';
// Loaded on demand (WebAssembly parser, OpenAPI parser, search index): import these by path,
// e.g. '@ai-http/shared/curl/import', so they stay out of bundles that do not use them.
