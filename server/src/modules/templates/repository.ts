import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { FilterQuery, RequiredEntityData } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import type { Template } from '@ai-http/shared/templates/schema';
import { OwnedRepository } from '../../db/owned-repository.ts';
import { StoredTemplate, type StoredTemplateEntity } from './entity.ts';

/** The columns a built-in template ships with; what seeding compares and writes. */
type BuiltinColumns = Pick<StoredTemplateEntity, 'service' | 'name' | 'description' | 'tags' | 'docsUrl' | 'request'>;

export class TemplateRepository extends OwnedRepository<StoredTemplateEntity> {
  constructor(em: EntityManager) {
    super(em, StoredTemplate, 'template');
  }

  /** A user reads their own templates and every public one (the built-ins are public); writes stay their own. */
  protected override readable(userId: string): FilterQuery<StoredTemplateEntity> {
    return { $or: [{ userId }, { isPublic: true }] };
  }

  /**
   * Makes the stored built-ins match `templates` (public, no owner): changed or deleted ones are
   * updated, missing ones inserted. Idempotent, and safe while another process seeds too (an
   * insert that loses the race is skipped).
   */
  async seedBuiltins(templates: readonly Template[]): Promise<{ inserted: number; updated: number }> {
    const stored = new Map((await this.em.find(StoredTemplate, { builtinId: { $ne: null } })).map((row) => [row.builtinId, row]));
    const missing: RequiredEntityData<StoredTemplateEntity>[] = [];
    // Set here, in milliseconds: list cursors compare createdAt at that precision.
    const now = new Date();
    let updated = 0;
    for (const template of templates) {
      const columns: BuiltinColumns = { service: template.service, name: template.name, description: template.description, tags: template.tags, docsUrl: template.docsUrl, request: template.request };
      const row = stored.get(template.builtinId);
      if (!row) {
        missing.push({ ...columns, id: randomUUID(), createdAt: now, updatedAt: now, builtinId: template.builtinId, isPublic: true, userId: null, deletedAt: null });
      } else if (row.deletedAt || !isDeepStrictEqual(pick(row), columns)) {
        this.em.assign(row, { ...columns, deletedAt: null });
        updated++;
      }
    }
    await this.em.flush();
    if (!missing.length) return { inserted: 0, updated };
    const result = await this.em.createQueryBuilder(StoredTemplate).insert(missing).onConflict('builtinId').ignore().execute('run');
    return { inserted: result.affectedRows, updated };
  }
}

function pick(row: StoredTemplateEntity): BuiltinColumns {
  return { service: row.service, name: row.name, description: row.description, tags: row.tags, docsUrl: row.docsUrl ?? null, request: row.request };
}
