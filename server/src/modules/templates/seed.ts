import type { EntityManager } from '@mikro-orm/sql';
import { builtinTemplates } from '@ai-http/shared/templates/catalog';
import { TemplateRepository } from './repository.ts';

/**
 * Puts the built-in templates shipped in shared/ into the database, updating the ones that
 * changed. Runs at every start and from `ai-http templates seed`.
 */
export function seedBuiltinTemplates(em: EntityManager): Promise<{ inserted: number; updated: number }> {
  return new TemplateRepository(em).seedBuiltins(builtinTemplates());
}
