import { BaseEntity, RowEntity } from '../db/base-entity.ts';
import { ApiKey } from './api-keys/entity.ts';
import { RefreshTokenFamily } from './auth/entity.ts';
import { Execution, Workflow } from './executions/entity.ts';
import { Instance } from './instances/entity.ts';
import { SavedRequest } from './requests/entity.ts';
import { StoredTemplate } from './templates/entity.ts';
import { User } from './users/entity.ts';

/** Every entity the server persists, for openDatabase(); a module with an entity adds it here. */
export const entities = [RowEntity, BaseEntity, User, RefreshTokenFamily, ApiKey, Instance, SavedRequest, StoredTemplate, Workflow, Execution];
