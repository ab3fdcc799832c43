// The dashboard's data shaping, apart from React and uPlot so it can be tested on its own: the
// errors chart's series from the stats buckets, and each card's change against the previous period.
import type { PeriodTotals, StatsView } from '@ai-http/shared/api/resources';
import { ERROR_CATEGORIES, type ErrorCategory } from '@ai-http/shared/n8n/digest-schema';

/** User Timing names: the dashboard's data arrived; from then to the chart's first drawing. */
export const DATA_MARK = 'ai-http:dashboard-data';
export const FIRST_CHART_MEASURE = 'ai-http:dashboard-first-chart';

export interface ErrorSeries {
  /** Each bucket's start, in seconds since the epoch (uPlot's x axis). */
  x: number[];
  /** The categories that occurred in the window, in ERROR_CATEGORIES order. */
  categories: ErrorCategory[];
  /** Per category, its failures in each bucket (same order as `categories`). */
  counts: number[][];
}

/** The failures per bucket and category; categories that never occurred are left out. */
export function errorSeries(stats: Pick<StatsView, 'buckets'>): ErrorSeries {
  const categories = ERROR_CATEGORIES.filter((category) => stats.buckets.some((bucket) => (bucket.failuresByCategory[category] ?? 0) > 0));
  return {
    x: stats.buckets.map((bucket) => Date.parse(bucket.start) / 1000),
    categories,
    counts: categories.map((category) => stats.buckets.map((bucket) => bucket.failuresByCategory[category] ?? 0)),
  };
}

/** The stacked bands' tops: row i is the sum of the counts of categories 0..i (uPlot draws stacks as cumulative lines). */
export function stacked(counts: number[][]): number[][] {
  const sums: number[][] = [];
  counts.forEach((row, i) => sums.push(row.map((value, j) => value + (i ? sums[i - 1]![j]! : 0))));
  return sums;
}

export type StatKey = 'runs' | 'failureRate' | 'p95DurationMs';

export interface Change {
  /** up / down against the previous period; same when equal; none when either side has no figure. */
  direction: 'up' | 'down' | 'same' | 'none';
  /** Whether the change is good news (fewer failures, faster runs); more runs count as neutral (null). */
  good: boolean | null;
  /** The change as shown: "+25%" for counts and durations, "+2.5 pts" for the failure rate, "" when none. */
  text: string;
}

/**
 * A card's change against the previous period. Counts and durations change relatively; the
 * failure rate, already a ratio, by points. Without runs on either side there is no change.
 */
export function changeOf(key: StatKey, current: PeriodTotals, previous: PeriodTotals, { locale = 'en', points = '{value} pts' } = {}): Change {
  const now = current[key];
  const before = previous[key];
  // Nothing ran before (or now): there is nothing to compare, not an infinite change.
  if (now === null || before === null || current.runs === 0 || previous.runs === 0 || (key !== 'failureRate' && before === 0)) return { direction: 'none', good: null, text: '' };
  const direction = now > before ? 'up' : now < before ? 'down' : 'same';
  const good = key === 'runs' || direction === 'same' ? null : direction === 'down';
  const signed = (value: number, options: Intl.NumberFormatOptions) => new Intl.NumberFormat(locale, { signDisplay: 'exceptZero', ...options }).format(value);
  if (key === 'failureRate') return { direction, good, text: points.replace('{value}', signed((now - before) * 100, { maximumFractionDigits: 1 })) };
  return { direction, good, text: signed((now - before) / before, { style: 'percent', maximumFractionDigits: 0 }) };
}

/** A card's figure: a count, a percentage, or a duration in ms or s; "–" when there is none. */
export function formatStat(key: StatKey, totals: PeriodTotals, locale = 'en'): string {
  const value = totals[key];
  if (value === null) return '–';
  if (key === 'runs') return new Intl.NumberFormat(locale).format(value);
  if (key === 'failureRate') return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(value);
  return formatDuration(value, locale);
}

/** Milliseconds under a second, else seconds, with the locale's unit names. */
export function formatDuration(ms: number, locale = 'en'): string {
  if (ms < 1000) return new Intl.NumberFormat(locale, { style: 'unit', unit: 'millisecond' }).format(ms);
  return new Intl.NumberFormat(locale, { style: 'unit', unit: 'second', maximumFractionDigits: ms < 10_000 ? 2 : 1 }).format(ms / 1000);
}

/** The workflows that fail most: only those with failures, highest failure rate first, then most failures. */
export function mostFailing<W extends { failures: number; failureRate: number; runs: number }>(items: W[], limit = 10): W[] {
  return items
    .filter((item) => item.failures > 0)
    .sort((a, b) => b.failureRate - a.failureRate || b.failures - a.failures || b.runs - a.runs)
    .slice(0, limit);
}
