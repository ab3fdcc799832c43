import type { EntityManager } from '@mikro-orm/sql';
import { builtinTemplates } from '@ai-http/shared/templates/catalog';

/**
 * Puts the built-in templates shipped in shared/ into the database (public, no owner), updating
 * the ones that changed. Idempotent: runs at every start and from `ai-http templates seed`.
 */
export async function seedBuiltinTemplates(em: EntityManager): Promise<{ inserted: number; updated: number }> {
  let inserted = 0;
  let updated = 0;
  const connection = em.getConnection();
  for (const template of builtinTemplates()) {
    const values = [template.service, template.name, template.description, JSON.stringify(template.tags), template.docsUrl, JSON.stringify(template.request), template.id];
    const changed = await connection.execute(
      `update "templates" set "service" = ?, "name" = ?, "description" = ?, "tags" = ?::jsonb, "docs_url" = ?, "spec" = ?::jsonb, "deleted_at" = null
       where "builtin_id" = ? and ("spec" is distinct from ?::jsonb or "name" is distinct from ? or "deleted_at" is not null) returning "id"`,
      [...values, JSON.stringify(template.request), template.name],
    );
    if (changed.length) {
      updated++;
      continue;
    }
    const created = await connection.execute(
      `insert into "templates" ("service", "name", "description", "tags", "docs_url", "spec", "builtin_id", "is_public", "user_id")
       values (?, ?, ?, ?::jsonb, ?, ?::jsonb, ?, true, null) on conflict ("builtin_id") do nothing returning "id"`,
      values,
    );
    inserted += created.length;
  }
  return { inserted, updated };
}
