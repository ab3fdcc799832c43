// Messages between the page and the import worker. Every request carries an id; the worker
// answers with progress (imports only) and then exactly one `done` or `failed` for that id.
import type { ImportProgress } from './import-core.ts';
import type { SpecSource } from './source.ts';
import type { CallResult } from './service.ts';

/** What the page asks for; the worker answers each with progress, then `done` or `failed`. */
export type WorkerCall = { type: 'import'; source: SpecSource } | { type: 'search'; query: string; limit: number };

export type WorkerRequest = (WorkerCall & { id: number }) | { id: number; type: 'cancel' };

export interface WorkerFailure {
  code: string;
  message: string;
}

export type WorkerResponse =
  | { id: number; type: 'progress'; progress: ImportProgress }
  | { id: number; type: 'done'; result: CallResult }
  | { id: number; type: 'failed'; error: WorkerFailure };
