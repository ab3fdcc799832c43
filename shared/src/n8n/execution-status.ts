// What an n8n execution status means for the product, without zod: the panel's UI bundle uses it.

/** n8n is done with the execution: it will not change any more. */
const FINISHED: ReadonlySet<string> = new Set(['success', 'error', 'crashed', 'canceled']);
/** The execution failed (canceled is the user's choice, not a failure). */
const FAILED: ReadonlySet<string> = new Set(['error', 'crashed']);

export const isFinishedStatus = (status: string): boolean => FINISHED.has(status);
export const isFailedStatus = (status: string): boolean => FAILED.has(status);
/** Still running, queued or waiting: n8n's list leaves these out until they finish. */
export const isOpenStatus = (status: string): boolean => !FINISHED.has(status);
