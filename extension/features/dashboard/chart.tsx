// The errors chart: failed runs per bucket as stacked bars, one colour per error category, drawn
// by uPlot (canvas; ~51 KB minified, ~22 KB gzipped). Colours come from the design tokens, read
// from the page's CSS, and the chart is redrawn when the theme changes. The same numbers are in
// a table below it for screen readers and keyboard users, and on `data-series` for tests. In a
// right-to-left language time runs right to left (the x scale reversed, the count axis on the
// right); dates and numbers are written with Intl in the UI's language, in UTC like the buckets.
// What was drawn (the x axis labels, where the first and last buckets landed) is on the plot's
// data-x-* attributes, for tests.
import type { ErrorCategory } from '@ai-http/shared/n8n/digest-schema';
import { useEffect, useRef } from 'react';
import uPlot, { type AlignedData, type Options } from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { directionOf, t } from '../../common/i18n.ts';
import { cssVar, type ColorToken } from '../../design/index.ts';
import { DATA_MARK, FIRST_CHART_MEASURE, stacked, type ErrorSeries } from './shape.ts';

/** Each category's colour token: the first ones are the common failures. */
const CATEGORY_COLORS: Record<ErrorCategory, ColorToken> = {
  auth: 'danger',
  not_found: 'warning',
  rate_limit: 'info',
  server_error: 'accent',
  connection: 'success',
  timeout: 'accentText',
  dns: 'textMuted',
  invalid_json: 'focus',
  expression: 'dangerSolidHover',
  code: 'accentSolid',
  credentials_missing: 'borderStrong',
  unknown: 'textStrong',
};

export const CATEGORY_LABELS = {
  auth: 'dashCatAuth',
  not_found: 'dashCatNotFound',
  rate_limit: 'dashCatRateLimit',
  server_error: 'dashCatServerError',
  connection: 'dashCatConnection',
  timeout: 'dashCatTimeout',
  dns: 'dashCatDns',
  invalid_json: 'dashCatInvalidJson',
  expression: 'dashCatExpression',
  code: 'dashCatCode',
  credentials_missing: 'dashCatCredentialsMissing',
  unknown: 'dashCatUnknown',
} as const satisfies Record<ErrorCategory, string>;

const HEIGHT = 220;

export function ErrorsChart({ series, bucket, locale }: { series: ErrorSeries; bucket: 'hour' | 'day'; locale: string }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    let plot: uPlot | null = null;
    const draw = () => {
      plot?.destroy();
      const color = (token: ColorToken) => getComputedStyle(element).getPropertyValue(cssVar(token)).trim();
      const tops = stacked(series.counts);
      const step = series.x.length > 1 ? series.x[1]! - series.x[0]! : bucket === 'hour' ? 3600 : 86_400;
      // Bars are drawn in order: the tallest stack (all categories) first, each lower one over it.
      const order = series.categories.map((_, i) => i).reverse();
      const rtl = directionOf(locale) === 'rtl';
      const tickFormat = new Intl.DateTimeFormat(locale, bucket === 'hour' ? { timeZone: 'UTC', hour: 'numeric', minute: '2-digit' } : { timeZone: 'UTC', day: 'numeric', month: 'short' });
      const axis = { stroke: color('textMuted'), grid: { stroke: color('border'), width: 1 }, ticks: { stroke: color('border'), width: 1 } };
      const options: Options = {
        width: Math.max(element.clientWidth, 200),
        height: HEIGHT,
        legend: { show: false },
        // The first drawing after the data arrived: how long the page took to show it.
        hooks: {
          draw: [
            (u) => {
              if (!performance.getEntriesByName(FIRST_CHART_MEASURE).length && performance.getEntriesByName(DATA_MARK, 'mark').length) performance.measure(FIRST_CHART_MEASURE, DATA_MARK);
              element.dataset.xDir = rtl ? 'rtl' : 'ltr';
              element.dataset.xFirst = String(Math.round(u.valToPos(series.x[0]!, 'x')));
              element.dataset.xLast = String(Math.round(u.valToPos(series.x.at(-1)!, 'x')));
            },
          ],
        },
        cursor: { show: false },
        tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), 'Etc/UTC'),
        // Half a bucket on each side, so the first and last bars are drawn whole.
        scales: { x: { time: true, dir: rtl ? -1 : 1, range: () => [series.x[0]! - step / 2, series.x.at(-1)! + step / 2] }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
        axes: [
          {
            ...axis,
            values: (_u, ticks) => {
              const labels = ticks.map((tick) => tickFormat.format(new Date(tick * 1000)));
              element.dataset.xLabels = JSON.stringify(labels);
              return labels;
            },
          },
          { ...axis, side: rtl ? 1 : 3, values: (_u, ticks) => ticks.map((tick) => (Number.isInteger(tick) ? new Intl.NumberFormat(locale).format(tick) : '')) },
        ],
        series: [{}, ...order.map((i) => ({ label: t(CATEGORY_LABELS[series.categories[i]!]), fill: color(CATEGORY_COLORS[series.categories[i]!]), stroke: color(CATEGORY_COLORS[series.categories[i]!]), width: 0, paths: uPlot.paths.bars!({ size: [0.7, 40] }), points: { show: false } }))],
      };
      const data: AlignedData = [series.x, ...order.map((i) => tops[i]!)];
      plot = new uPlot(options, data, element);
    };
    draw();
    const resize = new ResizeObserver(() => plot?.setSize({ width: Math.max(element.clientWidth, 200), height: HEIGHT }));
    resize.observe(element);
    const scheme = matchMedia('(prefers-color-scheme: dark)');
    scheme.addEventListener('change', draw);
    return () => {
      resize.disconnect();
      scheme.removeEventListener('change', draw);
      plot?.destroy();
    };
  }, [series, bucket, locale]);

  const dateFormat = new Intl.DateTimeFormat(locale, bucket === 'hour' ? { timeZone: 'UTC', hour: '2-digit', minute: '2-digit', day: 'numeric', month: 'short' } : { timeZone: 'UTC', day: 'numeric', month: 'short' });
  const number = new Intl.NumberFormat(locale);
  return (
    <figure className="dash-chart" data-testid="dash-chart" data-series={JSON.stringify(series)}>
      <ul className="dash-legend">
        {series.categories.map((category) => (
          <li key={category}>
            <span className="dash-swatch" style={{ background: `var(${cssVar(CATEGORY_COLORS[category])})` }} aria-hidden="true" />
            {t(CATEGORY_LABELS[category])}
          </li>
        ))}
      </ul>
      {/* uPlot lays its canvas out left to right; the x scale's direction carries the language's. */}
      <div ref={box} className="dash-plot" data-testid="dash-plot" dir="ltr" aria-hidden="true" />
      <details className="dash-table">
        <summary>{t('dashTableShow')}</summary>
        <table data-testid="dash-table">
          <caption>{t('dashTableCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('dashTableStart')}</th>
              {series.categories.map((category) => (
                <th scope="col" key={category}>
                  {t(CATEGORY_LABELS[category])}
                </th>
              ))}
              <th scope="col">{t('dashTableTotal')}</th>
            </tr>
          </thead>
          <tbody>
            {series.x.map((x, j) => (
              <tr key={x}>
                <th scope="row">{dateFormat.format(new Date(x * 1000))}</th>
                {series.counts.map((row, i) => (
                  <td key={series.categories[i]}>{number.format(row[j]!)}</td>
                ))}
                <td>{number.format(series.counts.reduce((sum, row) => sum + row[j]!, 0))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
