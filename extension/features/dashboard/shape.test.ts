import type { PeriodTotals, StatsBucket } from '@ai-http/shared/api/resources';
import { describe, expect, it } from 'vitest';
import { changeOf, errorSeries, formatStat, mostFailing, stacked } from './shape.ts';

const bucket = (start: string, failuresByCategory: StatsBucket['failuresByCategory']): StatsBucket => ({
  start,
  runs: 10,
  failures: Object.values(failuresByCategory).reduce((a, b) => a + (b ?? 0), 0),
  failuresByCategory,
  p50DurationMs: null,
  p95DurationMs: null,
});
const totals = (runs: number, failures: number, p95DurationMs: number | null): PeriodTotals => ({ runs, failures, failureRate: runs ? failures / runs : 0, p50DurationMs: p95DurationMs, p95DurationMs });

describe('errorSeries', () => {
  it('has one series per category that occurred, in category order, with zeros for the buckets without it', () => {
    const series = errorSeries({
      buckets: [bucket('2026-11-27T00:00:00.000Z', { timeout: 2 }), bucket('2026-11-28T00:00:00.000Z', {}), bucket('2026-11-29T00:00:00.000Z', { auth: 1, timeout: 3 })],
    });
    expect(series.x).toEqual([Date.UTC(2026, 10, 27) / 1000, Date.UTC(2026, 10, 28) / 1000, Date.UTC(2026, 10, 29) / 1000]);
    expect(series.categories).toEqual(['auth', 'timeout']);
    expect(series.counts).toEqual([
      [0, 0, 1],
      [2, 0, 3],
    ]);
  });

  it('is empty of categories when nothing failed', () => {
    expect(errorSeries({ buckets: [bucket('2026-11-29T00:00:00.000Z', {})] }).categories).toEqual([]);
  });

  it('stacks the series cumulatively', () => {
    expect(stacked([[0, 0, 1], [2, 0, 3], [1, 1, 1]])).toEqual([[0, 0, 1], [2, 0, 4], [3, 1, 5]]);
  });
});

describe('changeOf', () => {
  it('gives counts and durations a relative change, and says whether it is good news', () => {
    expect(changeOf('runs', totals(125, 0, null), totals(100, 0, null))).toEqual({ direction: 'up', good: null, text: '+25%' });
    expect(changeOf('p95DurationMs', totals(1, 0, 500), totals(1, 0, 1000))).toEqual({ direction: 'down', good: true, text: '-50%' });
    expect(changeOf('p95DurationMs', totals(1, 0, 1500), totals(1, 0, 1000))).toEqual({ direction: 'up', good: false, text: '+50%' });
  });

  it('gives the failure rate a change in points', () => {
    expect(changeOf('failureRate', totals(100, 15, null), totals(100, 10, null))).toEqual({ direction: 'up', good: false, text: '+5 pts' });
    expect(changeOf('failureRate', totals(100, 10, null), totals(100, 10, null), { points: '{value} نقطة' })).toEqual({ direction: 'same', good: null, text: '0 نقطة' });
  });

  it('has no change when either period had no runs or no figure', () => {
    expect(changeOf('runs', totals(3, 0, null), totals(0, 0, null))).toEqual({ direction: 'none', good: null, text: '' });
    expect(changeOf('p95DurationMs', totals(3, 0, 100), totals(0, 0, null))).toEqual({ direction: 'none', good: null, text: '' });
    expect(changeOf('failureRate', totals(3, 3, null), totals(0, 0, null)).direction).toBe('none');
  });
});

describe('formatStat and mostFailing', () => {
  it('formats counts, rates and durations', () => {
    expect(formatStat('runs', totals(12345, 0, null))).toBe('12,345');
    expect(formatStat('failureRate', totals(8, 1, null))).toBe('12.5%');
    expect(formatStat('p95DurationMs', totals(1, 0, 840))).toBe('840 ms');
    expect(formatStat('p95DurationMs', totals(1, 0, 2345))).toBe('2.35 sec');
    expect(formatStat('p95DurationMs', totals(1, 0, 2345), 'ar')).not.toContain('sec');
    expect(formatStat('p95DurationMs', totals(0, 0, null))).toBe('–');
  });

  it('keeps only failing workflows, highest failure rate first, then most failures', () => {
    const items = [
      { id: 'a', runs: 10, failures: 1, failureRate: 0.1 },
      { id: 'b', runs: 4, failures: 0, failureRate: 0 },
      { id: 'c', runs: 2, failures: 2, failureRate: 1 },
      { id: 'd', runs: 20, failures: 2, failureRate: 0.1 },
    ];
    expect(mostFailing(items).map((item) => item.id)).toEqual(['c', 'd', 'a']);
  });
});
