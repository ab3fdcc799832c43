// Imported OpenAPI specs, in their own IndexedDB database (`ai-http-specs`), apart from the
// background's: a spec's rows are large and written in bulk, and nothing else should wait on them.
// Versioned with Dexie migrations: add a version, never edit an old one. Used by the import
// worker (writes, search) and by the page (list, delete, requestFor). The search index and the
// request builder are imported on first use, so a page that mounts the panel loads neither
// until it needs them.
import Dexie, { type Table } from 'dexie';
import type { AiCandidate } from '@ai-http/shared/ai/candidates';
import { AppError } from '@ai-http/shared/errors';
import type { GenericCredentialType } from '@ai-http/shared/n8n/credentials';
import type { CatalogOperation } from '@ai-http/shared/openapi/catalog';
import type { ResolvedOperation } from '@ai-http/shared/openapi/operation';
import type { RequestField } from '@ai-http/shared/request/fields';
import type { RequestSpec } from '@ai-http/shared/request/spec';
import type { SearchIndex } from '@ai-http/shared/search/index';
import type { ParsedSpec } from './import-core.ts';
import { storedOperation, storedSpec, type SpecSourceInfo, type StoredOperation, type StoredSpec } from './schema.ts';

export const SPECS_DATABASE = 'ai-http-specs';

export class SpecsDatabase extends Dexie {
  specs!: Table<StoredSpec, string>;
  operations!: Table<StoredOperation, [string, string]>;

  constructor(name = SPECS_DATABASE) {
    super(name);
    // v1: a summary row per spec, and one row per operation (catalog entry + resolved slice).
    this.version(1).stores({ specs: 'id, updatedAt', operations: '[specId+operationId], specId' });
  }
}

export interface SpecSearchHit {
  specId: string;
  specTitle: string;
  operation: CatalogOperation;
  score: number;
}

export interface CredentialHint {
  type: GenericCredentialType;
  /** "Stripe (Basic Auth)": the name to give the credential in n8n. */
  name: string;
  /** The fields n8n's credential form asks for. */
  fields: string[];
}

export interface PickedRequest {
  request: RequestSpec;
  fieldInfo: Record<string, Partial<RequestField>>;
  credentialHint?: CredentialHint;
}

export interface SaveOptions {
  source: SpecSourceInfo;
  now?: number;
  newId?: () => string;
}

/**
 * The specs store. Search indexes are built per spec on first search and kept in this instance
 * (the worker holds one), so the second search costs only the query.
 */
export class SpecStore {
  private readonly indexes = new Map<string, { updatedAt: number; index: SearchIndex; byId: Map<string, CatalogOperation> }>();

  readonly db: SpecsDatabase;

  constructor(db: SpecsDatabase = new SpecsDatabase()) {
    this.db = db;
  }

  /** Saves a parsed spec, replacing an earlier import of the same API (same URL, or same title and version) under its id. */
  async save(parsed: ParsedSpec, { source, now = Date.now(), newId = () => crypto.randomUUID() }: SaveOptions): Promise<StoredSpec> {
    return this.db.transaction('rw', this.db.specs, this.db.operations, async () => {
      const existing = (await this.db.specs.toArray()).find((s) => (source.kind === 'url' && s.source.kind === 'url' && s.source.url === source.url) || (s.title === parsed.title && s.version === parsed.version));
      const id = existing?.id ?? newId();
      // An operationId used twice (documents do this) keeps its first operation, as the search does.
      const unique = [...new Map(parsed.operations.map((o) => [o.operation.operationId, o] as const).reverse()).values()].reverse();
      const rows = unique.map((o) => storedOperation.parse({ v: 1, specId: id, operationId: o.operation.operationId, operation: o.operation, resolved: o.resolved, ...(o.error ? { error: o.error } : {}) }));
      const storedBytes = rows.reduce((sum, row) => sum + JSON.stringify(row).length, 0);
      const spec = storedSpec.parse({
        v: 1,
        id,
        title: parsed.title,
        version: parsed.version,
        sourceVersion: parsed.sourceVersion,
        source,
        servers: parsed.servers,
        securitySchemes: parsed.securitySchemes,
        operationCount: rows.length,
        documentBytes: parsed.documentBytes,
        storedBytes,
        importedAt: existing?.importedAt ?? now,
        updatedAt: now,
      });
      await this.db.operations.where('specId').equals(id).delete();
      await this.db.operations.bulkPut(rows);
      await this.db.specs.put(spec);
      this.indexes.delete(id);
      return spec;
    });
  }

  /** Newest first. */
  async list(): Promise<StoredSpec[]> {
    const rows = await this.db.specs.orderBy('updatedAt').reverse().toArray();
    return rows.map((row) => storedSpec.parse(row));
  }

  async delete(specId: string): Promise<void> {
    await this.db.transaction('rw', this.db.specs, this.db.operations, async () => {
      await this.db.operations.where('specId').equals(specId).delete();
      await this.db.specs.delete(specId);
    });
    this.indexes.delete(specId);
  }

  /** The best operations across every imported spec; an empty query lists each spec's first ones. */
  async searchSpecs(query: string, limit = 10): Promise<SpecSearchHit[]> {
    const specs = await this.list();
    for (const id of this.indexes.keys()) if (!specs.some((s) => s.id === id)) this.indexes.delete(id);
    const hits: SpecSearchHit[] = [];
    for (const spec of specs) {
      const entry = await this.indexFor(spec);
      if (!query.trim()) {
        for (const operation of [...entry.byId.values()].slice(0, limit)) hits.push({ specId: spec.id, specTitle: spec.title, operation, score: 0 });
        continue;
      }
      for (const hit of entry.index.search(query, { limit, kind: 'operation' })) {
        if (hit.kind === 'operation') hits.push({ specId: spec.id, specTitle: spec.title, operation: hit.operation, score: hit.score });
      }
    }
    // Scores from different indexes are comparable enough: each is BM25 over similar fields.
    return hits.sort((a, b) => b.score - a.score).slice(0, limit);
  }

  private async indexFor(spec: StoredSpec) {
    const cached = this.indexes.get(spec.id);
    if (cached && cached.updatedAt === spec.updatedAt) return cached;
    const rows = await this.db.operations.where('specId').equals(spec.id).toArray();
    const operations = rows.map((row) => row.operation as CatalogOperation);
    const { createSearchIndex } = await import('@ai-http/shared/search/index');
    const entry = { updatedAt: spec.updatedAt, index: createSearchIndex({ operations }), byId: new Map(operations.map((o) => [o.operationId, o])) };
    this.indexes.set(spec.id, entry);
    return entry;
  }

  /** One stored operation as a compact candidate for "Ask AI" (shared/src/ai/candidates.ts). */
  async candidateFor(specId: string, operationId: string): Promise<AiCandidate | null> {
    const [raw, { candidateFromOperation }] = await Promise.all([this.db.operations.get([specId, operationId]), import('@ai-http/shared/ai/candidates')]);
    const row = raw ? storedOperation.parse(raw) : null;
    if (!row?.resolved) return null;
    return candidateFromOperation({ operation: row.operation as CatalogOperation, definition: row.resolved.definition, securitySchemes: row.resolved.securitySchemes, servers: row.resolved.servers });
  }

  /** Builds the editor's request for one operation, with its fields described, from the stored slice. */
  async requestFor(specId: string, operationId: string, { server }: { server?: string } = {}): Promise<PickedRequest> {
    const [spec, raw, { operationToRequest }, { operationFieldInfo }, { CREDENTIAL_FIELDS, credentialFor }] = await Promise.all([
      this.db.specs.get(specId),
      this.db.operations.get([specId, operationId]),
      import('@ai-http/shared/openapi/operation'),
      import('@ai-http/shared/openapi/form'),
      import('@ai-http/shared/n8n/credentials'),
    ]);
    if (!spec || !raw) throw new AppError('NOT_FOUND', 'This operation is no longer stored: import the spec again.', { specId, operationId });
    const row = storedOperation.parse(raw);
    if (!row.resolved) throw new AppError('OPENAPI_INVALID', `This operation cannot be used: ${row.error ?? 'it could not be resolved'}`, { specId, operationId });
    const resolved: ResolvedOperation = {
      operation: row.operation as CatalogOperation,
      definition: row.resolved.definition,
      securitySchemes: row.resolved.securitySchemes,
      servers: row.resolved.servers,
    };
    const request = operationToRequest(resolved, server ? { server } : {});
    const fieldInfo = operationFieldInfo(resolved);
    const credential = credentialFor(request, spec.title);
    return { request, fieldInfo, ...(credential ? { credentialHint: { type: credential.type, name: credential.name, fields: CREDENTIAL_FIELDS[credential.type] } } : {}) };
  }
}
