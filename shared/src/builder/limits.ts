// The request history's limits, without zod (stored.ts holds the row schemas): the builder's page
// checks a response against them as it arrives.

/** Bodies larger than this are not kept in the history, only their size. */
export const HISTORY_BODY_LIMIT = 256 * 1024;
/** How many sent requests the history keeps. */
export const HISTORY_LIMIT = 200;
