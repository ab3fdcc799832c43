/** The rollup column counting failures of one category (a failure without one counts as `unknown`). */
export const failureColumn = (category: string) => `failures_${category}`;

/**
 * The duration histogram the execution rollups keep (migration 0010): fixed bins, so histograms
 * of any hours, days, instances or workflows merge by adding them bin by bin. Bin 1 holds 0 ms;
 * the others start at DURATION_BIN_STARTS: every millisecond up to 22 ms, then each bin is
 * 2^(1/8) (9.05 %) wider than the one before, up to about 23 days (the last bin is open).
 * A percentile read from it names the bin the exact one falls in, so it is within one bin of it:
 * exact below 23 ms, within 9.05 % above.
 *
 * The bins and columns are part of the stored data: changing them needs a migration that rebuilds the rollups.
 */
const RATIO = 2 ** (1 / 8);

function binStarts(): number[] {
  const starts = [1];
  for (;;) {
    const last = starts.at(-1)!;
    const next = Math.max(last + 1, Math.floor(last * RATIO));
    if (next > 2 ** 31 - 1) return starts;
    starts.push(next);
  }
}

/** Where each bin but the first starts, in ms (ascending): Postgres' `width_bucket` thresholds. */
export const DURATION_BIN_STARTS: readonly number[] = binStarts();
/** How many bins a histogram has (the first holds 0 ms). */
export const DURATION_BINS = DURATION_BIN_STARTS.length + 1;

/** SQL: the 1-based bin of a duration column (null stays null: it is not counted). */
export const durationBinSql = (column: string) => `(width_bucket(${column}, '{${DURATION_BIN_STARTS.join(',')}}'::int[]) + 1)`;

/** SQL: a histogram of the grouped rows, as an int array, counting each row as `weight`. */
export const histogramSql = (bin: string, weight = '1') =>
  `array[${Array.from({ length: DURATION_BINS }, (_, i) => `coalesce(sum(${weight}) filter (where ${bin} = ${i + 1}), 0)`).join(', ')}]::int[]`;

/** SQL: histograms of the grouped rows (an int[] column) added bin by bin. */
export const sumHistogramsSql = (column: string) => `array[${Array.from({ length: DURATION_BINS }, (_, i) => `coalesce(sum(${column}[${i + 1}]), 0)`).join(', ')}]::int[]`;

/** The range of durations one bin holds, [from, to) in ms (`to` null for the last, open bin). */
export function binRange(bin: number): { from: number; to: number | null } {
  if (bin === 1) return { from: 0, to: 1 };
  return { from: DURATION_BIN_STARTS[bin - 2]!, to: DURATION_BIN_STARTS[bin - 1] ?? null };
}

/** The 1-based bin a duration falls in (what `durationBinSql` computes). */
export function binOf(durationMs: number): number {
  let bin = 1;
  for (const start of DURATION_BIN_STARTS) {
    if (durationMs < start) break;
    bin++;
  }
  return bin;
}

/** Counts one duration into a histogram (times `sign`: -1 takes it away), in the bin `binOf` names. */
export function addDuration(histogram: number[], durationMs: number, sign = 1): void {
  histogram[binOf(durationMs) - 1]! += sign;
}

/** Adds `more` (times `sign`: -1 takes it away) into `into`, bin by bin. */
export function addHistogram(into: number[], more: readonly number[], sign = 1): number[] {
  for (let i = 0; i < more.length; i++) into[i] = (into[i] ?? 0) + sign * more[i]!;
  return into;
}

/**
 * The `q` percentile as Postgres' `percentile_disc` defines it (the first value whose cumulative
 * share reaches q), read from a histogram: its bin's middle (geometric: the bins grow
 * geometrically), or the bin's only value when it holds one. Null when the histogram is empty.
 */
export function histogramPercentile(histogram: readonly number[], q: number): number | null {
  const total = histogram.reduce((sum, count) => sum + count, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (let i = 0; i < histogram.length; i++) {
    seen += histogram[i]!;
    if (seen < rank) continue;
    const { from, to } = binRange(i + 1);
    if (to === null) return from;
    if (to - from <= 1) return from;
    return Math.min(to - 1, Math.max(from, Math.round(Math.sqrt(from * to))));
  }
  return null;
}
