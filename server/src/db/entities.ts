import { ApiKey } from '../modules/api-keys/entity.ts';
import { RefreshTokenFamily } from '../modules/auth/entity.ts';
import { Execution, Workflow } from '../modules/executions/entity.ts';
import { Instance } from '../modules/instances/entity.ts';
import { SavedRequest } from '../modules/requests/entity.ts';
import { StoredTemplate } from '../modules/templates/entity.ts';
import { User } from '../modules/users/entity.ts';

/** Every entity the server persists; each module's entity file adds itself here. */
export const entities = [User, RefreshTokenFamily, ApiKey, Instance, SavedRequest, StoredTemplate, Workflow, Execution];
