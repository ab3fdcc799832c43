// The OpenAPI import itself, with no DOM and no storage: text → the catalog plus, per operation,
// the resolved slice a request needs. The worker runs it off the UI thread; tests run it in Node.
//
// Why the resolved slices and not the document: for Stripe's 4.2 MB spec the catalog is 0.38 MB
// and all 417 resolved operations 1.4 MB (GitHub: 3.0 MB → 0.53 + 1.0 MB), so keeping them is less
// than half the document, and picking an operation later needs no re-parse (measured 2026-11-28).
import { AppError } from '@ai-http/shared/errors';
import { isObject, type JsonObject } from '@ai-http/shared/json';
import { buildCatalog, type CatalogOperation } from '@ai-http/shared/openapi/catalog';
import { escapePointer, loadOpenApi, resolvePointer } from '@ai-http/shared/openapi/document';
import { resolveOperation } from '@ai-http/shared/openapi/operation';
import type { ResolvedPayload, SecuritySchemeSummary } from './schema.ts';

/** The largest document accepted, by the limit: past it the browser tab would suffer. */
export const MAX_SPEC_BYTES = 20 * 1024 * 1024;

export type ImportPhase = 'download' | 'parse' | 'index';
export interface ImportProgress {
  phase: ImportPhase;
  loaded: number;
  /** 0 when the size is unknown (a download without Content-Length). */
  total: number;
}
export type ProgressListener = (progress: ImportProgress) => void;

export interface ParsedOperation {
  operation: CatalogOperation;
  resolved: ResolvedPayload | null;
  error?: string;
}

export interface ParsedSpec {
  title: string;
  version: string;
  sourceVersion: string;
  servers: string[];
  securitySchemes: SecuritySchemeSummary[];
  operations: ParsedOperation[];
  documentBytes: number;
}

export function tooLarge(bytes: number): AppError {
  const mb = (bytes / 1024 / 1024).toFixed(1);
  return new AppError('PAYLOAD_TOO_LARGE', `This document is ${mb} MB; AI-HTTP reads OpenAPI documents up to 20 MB. Import a smaller part of the API.`, { bytes, limit: MAX_SPEC_BYTES });
}

/** A file that is not text (an image, a zip, a PDF): NUL bytes or mostly control characters. */
export function looksBinary(head: string): boolean {
  const sample = head.slice(0, 4096);
  if (sample.includes('\u0000')) return true;
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const code = sample.charCodeAt(i);
    if ((code < 32 && code !== 9 && code !== 10 && code !== 13) || code === 0xfffd) control++;
  }
  return sample.length > 0 && control / sample.length > 0.1;
}

/** Parses, lists and resolves every operation, reporting progress through `onProgress`. */
export function parseSpec(text: string, onProgress: ProgressListener = () => {}): ParsedSpec {
  const documentBytes = text.length;
  if (documentBytes > MAX_SPEC_BYTES) throw tooLarge(documentBytes);
  if (looksBinary(text)) throw new AppError('OPENAPI_INVALID', 'This file is binary (an image, an archive or similar), not an OpenAPI document. Choose the .json or .yaml file of the API description.', { binary: true });
  onProgress({ phase: 'parse', loaded: 0, total: 1 });
  const doc = loadOpenApi(text);
  const catalog = buildCatalog(doc);
  onProgress({ phase: 'parse', loaded: 1, total: 1 });
  const total = catalog.operations.length;
  const operations: ParsedOperation[] = [];
  const step = Math.max(1, Math.floor(total / 20));
  for (const [i, operation] of catalog.operations.entries()) {
    try {
      const size = expandedSize(doc.root, operationInput(doc.root, operation), 0, new Map());
      if (size > MAX_RESOLVED_NODES) {
        throw new AppError('OPENAPI_INVALID', `${operation.method} ${operation.path} cannot be used: its $refs nest so widely that it would expand to ${size > 1e9 ? 'billions of' : Math.round(size).toLocaleString('en')} values`, { pointer: operation.pointer });
      }
      const { definition, securitySchemes, servers } = resolveOperation(doc, operation);
      operations.push({ operation, resolved: { definition, securitySchemes, servers } });
    } catch (error) {
      // One bad operation (an external $ref, a reference to nothing) does not sink the others.
      operations.push({ operation, resolved: null, error: (error as Error).message });
    }
    if (i % step === 0) onProgress({ phase: 'index', loaded: i, total });
  }
  onProgress({ phase: 'index', loaded: total, total });
  return {
    title: catalog.title || 'Untitled API',
    version: catalog.version,
    sourceVersion: doc.sourceVersion,
    servers: catalog.servers,
    securitySchemes: summarizeSecuritySchemes(doc.root.components),
    operations,
    documentBytes,
  };
}

/**
 * Past this many values, one resolved operation is a reference bomb (a schema whose properties
 * each refer to one whose properties each refer to …), not an API: the largest operation in
 * Stripe's spec resolves to 1,232 values, in GitHub's to 229 (measured 2026-11-28).
 */
export const MAX_RESOLVED_NODES = 200_000;
// resolveOperation's own limit on nested references (dereferenceDeep's maxDepth).
const REF_DEPTH = 8;

/** What resolveOperation dereferences: the operation less its responses, plus the path's parameters. */
function operationInput(root: JsonObject, operation: CatalogOperation): unknown {
  const raw = resolvePointer(root, `#${operation.pointer}`, operation.pointer);
  const item = resolvePointer(root, `#/paths/${escapePointer(operation.path)}`, operation.pointer);
  const { responses: _responses, callbacks: _callbacks, ...rest } = isObject(raw) ? raw : {};
  return { ...rest, itemParameters: isObject(item) ? item.parameters : undefined };
}

/**
 * How many values the fully resolved tree would hold, counted without building it: each reference
 * target is counted once per depth (memoised), a reference already being expanded counts as one.
 */
function expandedSize(root: JsonObject, value: unknown, depth: number, memo: Map<string, number>): number {
  if (Array.isArray(value)) return value.reduce<number>((sum, item) => sum + expandedSize(root, item, depth, memo), 1);
  if (!isObject(value)) return 1;
  if (typeof value.$ref === 'string') {
    if (depth >= REF_DEPTH) return 1;
    const key = `${depth}:${value.$ref}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    memo.set(key, 1);
    let target: unknown;
    try {
      target = resolvePointer(root, value.$ref, '');
    } catch {
      return 1;
    }
    const size = expandedSize(root, target, depth + 1, memo);
    memo.set(key, size);
    return size;
  }
  let sum = 1;
  for (const child of Object.values(value)) sum += expandedSize(root, child, depth, memo);
  return sum;
}

function summarizeSecuritySchemes(components: unknown): SecuritySchemeSummary[] {
  const schemes = isObject(components) && isObject(components.securitySchemes) ? components.securitySchemes : {};
  return Object.entries(schemes).flatMap(([name, scheme]) => {
    if (!isObject(scheme) || typeof scheme.type !== 'string') return [];
    const detail = scheme.type === 'http' ? scheme.scheme : scheme.type === 'apiKey' ? scheme.in : undefined;
    return [{ name, type: scheme.type, ...(typeof detail === 'string' ? { detail: detail.toLowerCase() } : {}), ...(scheme.type === 'apiKey' && typeof scheme.name === 'string' ? { paramName: scheme.name } : {}) }];
  });
}
