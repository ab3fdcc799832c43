// The workflows list: a card per workflow that ran in the period, with a sparkline of its latest
// runs (one bar each, height by duration, colour by status), its last run's status, its last
// error, and links to open it in n8n (where the overlay joins it) or to this dashboard narrowed to
// it (`?workflow=`). Each card asks for its own latest runs, so a slow one never holds the list.
import type { ExecutionSummaryView, InstanceView, WorkflowHealth } from '@ai-http/shared/api/resources';
import { isFailedStatus } from '@ai-http/shared/n8n/digest-schema';
import { useEffect, useState } from 'react';
import { directionOf, t, uiLanguage } from '../../common/i18n.ts';
import { Badge, Card, ExternalIcon, Spinner, StatusPill } from '../../design/index.ts';
import { CATEGORY_LABELS } from './chart.tsx';
import { sendDashboardMessage, type WorkflowFilter } from './protocol.ts';
import { formatStat } from './shape.ts';

/** The dashboard's address narrowed to one workflow (or to none), in the page's language. */
export function dashboardHref(filter: WorkflowFilter | null): string {
  const params = new URLSearchParams();
  if (filter) params.set('workflow', filter.workflowId);
  if (filter?.instanceId) params.set('instance', filter.instanceId);
  const lang = new URLSearchParams(location.search).get('lang');
  if (lang) params.set('lang', lang);
  return `dashboard.html?${params}`;
}

export const workflowName = (workflow: Pick<WorkflowHealth, 'name' | 'workflowId'>) => workflow.name ?? t('dashWorkflowUnnamed', { id: workflow.workflowId });

export function WorkflowCards({ workflows, instances }: { workflows: WorkflowHealth[]; instances: Pick<InstanceView, 'id' | 'url'>[] }) {
  if (!workflows.length) return <p className="ah-callout">{t('dashWfNone')}</p>;
  return (
    <ul className="dash-wf-grid" data-testid="dash-wf-cards">
      {workflows.map((workflow) => (
        <WorkflowCard key={`${workflow.instanceId}/${workflow.workflowId}`} workflow={workflow} n8nUrl={instances.find((instance) => instance.id === workflow.instanceId)?.url} />
      ))}
    </ul>
  );
}

function WorkflowCard({ workflow, n8nUrl }: { workflow: WorkflowHealth; n8nUrl: string | undefined }) {
  const [runs, setRuns] = useState<ExecutionSummaryView[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const filter = { workflowId: workflow.workflowId, instanceId: workflow.instanceId };
  useEffect(() => {
    let current = true;
    void sendDashboardMessage('dashboardRecentRuns', { workflow: { workflowId: workflow.workflowId, instanceId: workflow.instanceId } }).then((result) => {
      if (!current) return;
      if (result.ok) setRuns(result.value.items);
      else setProblem(result.error.message);
    });
    return () => {
      current = false;
    };
  }, [workflow.workflowId, workflow.instanceId]);
  const locale = uiLanguage();
  const last = runs?.[0];
  const lastFailure = runs?.find((run) => isFailedStatus(run.status));
  return (
    <li data-testid="dash-wf-card" data-workflow-id={workflow.workflowId}>
      <Card className="dash-wf-card">
        <div className="dash-wf-head">
          <span className="dash-list-name">{workflowName(workflow)}</span>
          {last && (
            <StatusPill status={last.status} data-testid="dash-wf-status">
              {last.status}
            </StatusPill>
          )}
        </div>
        <p className="dash-wf-figures">
          {t('dashWfFigures', { runs: new Intl.NumberFormat(locale).format(workflow.runs), rate: formatStat('failureRate', { ...workflow, p50DurationMs: null }, locale) })}
          {workflow.topErrorCategory && <Badge tone="danger">{t(CATEGORY_LABELS[workflow.topErrorCategory])}</Badge>}
        </p>
        {problem ? (
          <p role="alert" className="ah-callout" data-tone="danger">
            {problem}
          </p>
        ) : runs ? (
          <>
            <Sparkline runs={runs} />
            {lastFailure ? (
              <p className="dash-list-message" data-testid="dash-wf-last-error">
                {t('dashWfLastError')}: {lastFailure.failingNode && <code>{lastFailure.failingNode}</code>} {lastFailure.errorMessage ?? (lastFailure.errorCategory ? t(CATEGORY_LABELS[lastFailure.errorCategory]) : '')}
              </p>
            ) : (
              <p className="dash-list-message">{t('dashWfNoFailures', { count: new Intl.NumberFormat(locale).format(runs.length) })}</p>
            )}
          </>
        ) : (
          <Spinner label={t('dashLoading')} size="sm" />
        )}
        <div className="dash-wf-links">
          {n8nUrl && (
            <a className="ah-button" data-variant="secondary" data-size="sm" href={`${n8nUrl.replace(/\/+$/, '')}/workflow/${encodeURIComponent(workflow.workflowId)}`} target="_blank" rel="noreferrer" data-testid="dash-wf-open-n8n">
              <ExternalIcon />
              {t('dashWfOpenN8n')}
            </a>
          )}
          <a className="ah-button" data-variant="ghost" data-size="sm" href={dashboardHref(filter)} data-testid="dash-wf-filter">
            {t('dashWfShowDashboard')}
          </a>
        </div>
      </Card>
    </li>
  );
}

const SPARK = { width: 160, height: 32, gap: 2 };

/**
 * The latest runs, oldest first in reading order (so right to left in Arabic): one bar per run,
 * its height by duration on a log scale (a 50 ms run stays visible beside a minute-long one),
 * red for a failure. Described in words for screen readers; statuses on `data-runs` for tests.
 */
export function Sparkline({ runs }: { runs: ExecutionSummaryView[] }) {
  const oldestFirst = [...runs].reverse();
  const rtl = directionOf(uiLanguage()) === 'rtl';
  const longest = Math.max(1, ...oldestFirst.map((run) => run.durationMs ?? 0));
  const slot = SPARK.width / Math.max(oldestFirst.length, 1);
  const failures = oldestFirst.filter((run) => isFailedStatus(run.status)).length;
  return (
    <svg
      className="dash-spark"
      data-testid="dash-wf-spark"
      data-runs={JSON.stringify(oldestFirst.map((run) => run.status))}
      width={SPARK.width}
      height={SPARK.height}
      viewBox={`0 0 ${SPARK.width} ${SPARK.height}`}
      role="img"
      aria-label={t('dashWfSparkline', { count: String(oldestFirst.length), failures: String(failures) })}
    >
      {oldestFirst.map((run, i) => {
        const height = Math.max(3, (Math.log1p(run.durationMs ?? 0) / Math.log1p(longest)) * SPARK.height);
        const x = (rtl ? oldestFirst.length - 1 - i : i) * slot;
        return <rect key={run.id} x={x + SPARK.gap / 2} y={SPARK.height - height} width={Math.max(1, slot - SPARK.gap)} height={height} rx={1} data-status={run.status} fill={isFailedStatus(run.status) ? 'var(--ah-danger)' : run.status === 'success' ? 'var(--ah-success)' : 'var(--ah-text-muted)'} />;
      })}
    </svg>
  );
}
