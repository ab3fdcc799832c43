import type { EntityManager } from '@mikro-orm/sql';
import { OwnedRepository } from '../../db/owned-repository.ts';
import { SavedRequest, type SavedRequestEntity } from './entity.ts';

/** Saved requests need nothing beyond the owned-row operations. */
export const savedRequests = (em: EntityManager) => new OwnedRepository<SavedRequestEntity>(em, SavedRequest, 'saved request');
