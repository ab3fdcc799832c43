/**
 * A hybrid logical clock stamp as sortable text: wall time (ms, base 36, 9 digits), a counter
 * (base 36, 6 digits) and the node (device) that made it. Fixed widths make string order the
 * clock's order: wall time, then counter, then node, so two devices never tie and every replica
 * orders the same way. No clock is read here: the caller passes `now`.
 */
export type Stamp = string;

const WALL_DIGITS = 9;
const COUNT_DIGITS = 6;
const MAX_COUNT = 36 ** COUNT_DIGITS - 1;

export interface StampParts {
  wall: number;
  count: number;
  node: string;
}

export function formatStamp({ wall, count, node }: StampParts): Stamp {
  return `${wall.toString(36).padStart(WALL_DIGITS, '0')}:${count.toString(36).padStart(COUNT_DIGITS, '0')}:${node}`;
}

export function parseStamp(stamp: Stamp): StampParts {
  return {
    wall: Number.parseInt(stamp.slice(0, WALL_DIGITS), 36),
    count: Number.parseInt(stamp.slice(WALL_DIGITS + 1, WALL_DIGITS + 1 + COUNT_DIGITS), 36),
    node: stamp.slice(WALL_DIGITS + COUNT_DIGITS + 2),
  };
}

export const STAMP_PATTERN = /^[0-9a-z]{9}:[0-9a-z]{6}:[\w-]{1,64}$/;

/** The later of two stamps (null is earlier than any). */
export function laterStamp(a: Stamp | null | undefined, b: Stamp | null | undefined): Stamp | null {
  if (!a) return b ?? null;
  if (!b) return a;
  return a > b ? a : b;
}

/**
 * The next stamp for `node`: later than `last` (the newest stamp this node has made or seen) and
 * than `now`. Sending and receiving are the same step here: a device folds every stamp it pulls
 * into `last` (laterStamp), so what it writes next sorts after what it has seen.
 */
export function nextStamp(last: Stamp | null, now: number, node: string): Stamp {
  const previous = last ? parseStamp(last) : null;
  const wall = Math.max(Math.floor(now), previous?.wall ?? 0);
  const count = previous && previous.wall === wall ? previous.count + 1 : 0;
  if (count > MAX_COUNT) return formatStamp({ wall: wall + 1, count: 0, node });
  return formatStamp({ wall, count, node });
}

export function stampWall(stamp: Stamp): number {
  return Number.parseInt(stamp.slice(0, WALL_DIGITS), 36);
}
