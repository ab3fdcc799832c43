// The dashboard page: how the user's workflows fared over the last 24 hours, 7 or 30 days, from
// the runs the AI-HTTP server stores (its read models, asked through the background). Cards with
// the change against the previous period, the errors chart by category, the workflows that fail
// most, the workflows list (workflows.tsx) and the latest failures; `?workflow=` narrows it all to
// one workflow. Without a server account it shows a sample read from n8n directly and says so;
// with neither an account nor an n8n added it says how to connect one.
import type { ExecutionSummaryView, InstanceView, ReadRange, StatsView, WorkflowHealthList } from '@ai-http/shared/api/resources';
import type { ExecutionDigest } from '@ai-http/shared/n8n/digest-schema';
import { READ_RANGES } from '@ai-http/shared/api/resources';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { browser } from 'wxt/browser';
import type { Result } from '../../common/messages.ts';
import { t, uiLanguage } from '../../common/i18n.ts';
import { Badge, Button, Card, Dialog, EmptyState, Spinner, StatusPill, Tab, TabList, TabPanel, Tabs } from '../../design/index.ts';
import { Failure, InputItems, Timeline } from '../debugger/panel.tsx';
import '../debugger/panel.css';
import { CATEGORY_LABELS, ErrorsChart } from './chart.tsx';
import './dashboard.css';
import { NO_ACCOUNT, sendDashboardMessage, type WorkflowFilter } from './protocol.ts';
import { changeOf, DATA_MARK, errorSeries, FIRST_CHART_MEASURE, formatStat, mostFailing, type StatKey } from './shape.ts';
import type { SampleInfo } from './sample.ts';
import { dashboardHref, WorkflowCards, workflowName } from './workflows.tsx';

type Failure = { code: string; message: string };
type Loaded = { stats: StatsView & { sample?: SampleInfo | undefined }; workflows: WorkflowHealthList; instances: Pick<InstanceView, 'id' | 'url'>[] };

const RANGE_LABELS = { '24h': 'dashRange24h', '7d': 'dashRange7d', '30d': 'dashRange30d' } as const satisfies Record<ReadRange, string>;
const CARDS = [
  ['runs', 'dashRuns'],
  ['failureRate', 'dashFailureRate'],
  ['p95DurationMs', 'dashP95'],
] as const satisfies readonly (readonly [StatKey, string])[];

const valueOf = <T,>(result: Result<T>): T => {
  if (!result.ok) throw result.error;
  return result.value;
};

export function Dashboard({ initialRange = '7d', filter }: { initialRange?: ReadRange; filter?: WorkflowFilter | undefined }) {
  const [range, setRange] = useState<ReadRange>(initialRange);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true;
    setLoaded(null);
    setFailure(null);
    Promise.all([sendDashboardMessage('dashboardStats', { range, workflow: filter }), sendDashboardMessage('dashboardWorkflows', { range }), sendDashboardMessage('dashboardInstances', undefined)])
      .then(([stats, workflows, instances]) => {
        if (!current) return;
        performance.clearMarks(DATA_MARK);
        performance.clearMeasures(FIRST_CHART_MEASURE);
        performance.mark(DATA_MARK);
        const all = valueOf(workflows);
        setLoaded({ stats: valueOf(stats), workflows: filter ? { ...all, items: all.items.filter((w) => w.workflowId === filter.workflowId && (!filter.instanceId || w.instanceId === filter.instanceId)) } : all, instances: valueOf(instances).items });
      })
      .catch((error: Failure) => current && setFailure({ code: error.code ?? 'INTERNAL', message: error.message }));
    return () => {
      current = false;
    };
  }, [range, attempt, filter]);

  if (failure?.code === NO_ACCOUNT) return <NoAccount />;
  return (
    <main className="dash-page" data-testid="dashboard" data-range={range} data-workflow={filter?.workflowId}>
      <header className="dash-header">
        <span className="ah-mark" aria-hidden="true">
          AI
        </span>
        <h1>{t('dashTitle')}</h1>
        {filter && (
          <p className="dash-filter" data-testid="dash-filter">
            <Badge tone="info">{t('dashFilterWorkflow', { name: loaded?.workflows.items[0] ? workflowName(loaded.workflows.items[0]) : filter.workflowId })}</Badge>
            <a className="ah-button" data-variant="ghost" data-size="sm" href={dashboardHref(null)} data-testid="dash-filter-clear">
              {t('dashFilterClear')}
            </a>
          </p>
        )}
      </header>
      {loaded?.stats.sample && (
        <p className="ah-callout" data-tone="info" data-testid="dash-sample" data-executions={loaded.stats.sample.executions}>
          {t('dashSample', { count: new Intl.NumberFormat(uiLanguage()).format(loaded.stats.sample.executions), size: new Intl.NumberFormat(uiLanguage()).format(loaded.stats.sample.perInstance) })}
        </p>
      )}
      <Tabs value={range} onValueChange={({ value }) => setRange(value as ReadRange)}>
        <TabList aria-label={t('dashRangeLabel')}>
          {READ_RANGES.map((value) => (
            <Tab key={value} value={value} data-testid={`dash-range-${value}`}>
              {t(RANGE_LABELS[value])}
            </Tab>
          ))}
        </TabList>
        {READ_RANGES.map((value) => (
          <TabPanel key={value} value={value}>
            {value !== range ? null : failure ? (
              <div role="alert" className="ah-callout dash-problem" data-tone="danger" data-testid="dash-problem">
                <p>{failure.message}</p>
                <Button size="sm" onClick={() => setAttempt((n) => n + 1)}>
                  {t('dashRetry')}
                </Button>
              </div>
            ) : loaded?.stats.range === range ? (
              <Overview {...loaded} />
            ) : (
              <Spinner label={t('dashLoading')} />
            )}
          </TabPanel>
        ))}
      </Tabs>
      <RecentFailures names={loaded ? loaded.workflows.items : []} filter={filter} />
    </main>
  );
}

function Overview({ stats, workflows, instances }: Loaded) {
  const locale = uiLanguage();
  const series = useMemo(() => errorSeries(stats), [stats]);
  const failing = mostFailing(workflows.items);
  const count = new Intl.NumberFormat(locale);
  return (
    <div className="dash-overview" data-testid="dash-overview" data-range={stats.range}>
      <div className="dash-cards">
        {CARDS.map(([key, label]) => {
          const change = changeOf(key, stats.totals, stats.previous, { locale, points: t('dashPoints') });
          return (
            <Card key={key} className="dash-stat" data-testid={`dash-card-${key}`} data-value={String(stats.totals[key])} data-previous={String(stats.previous[key])}>
              <p className="dash-stat-label">{t(label)}</p>
              <p className="dash-stat-value">{formatStat(key, stats.totals, locale)}</p>
              <p className="dash-stat-change" data-direction={change.direction} data-good={change.good === null ? undefined : String(change.good)}>
                {change.direction === 'none' ? t('dashNoPrevious') : t('dashVsPrevious', { change: change.text })}
              </p>
            </Card>
          );
        })}
      </div>
      <Card title={t('dashErrorsTitle')} description={stats.bucket === 'hour' ? t('dashErrorsByHour') : t('dashErrorsByDay')}>
        {series.categories.length ? <ErrorsChart series={series} bucket={stats.bucket} locale={locale} /> : <p className="ah-callout" data-tone="success" data-testid="dash-chart-empty">{t('dashErrorsNone')}</p>}
      </Card>
      <Card title={t('dashWorkflowsTitle')}>
        {failing.length ? (
          <ol className="dash-list" data-testid="dash-workflows">
            {failing.map((workflow) => (
              <li key={`${workflow.instanceId}/${workflow.workflowId}`} data-workflow-id={workflow.workflowId}>
                <span className="dash-list-name">{workflow.name ?? t('dashWorkflowUnnamed', { id: workflow.workflowId })}</span>
                <span>{t('dashWorkflowFailures', { failures: count.format(workflow.failures), runs: count.format(workflow.runs) })}</span>
                <Badge tone="danger">{formatStat('failureRate', { ...workflow, p50DurationMs: null }, locale)}</Badge>
                {workflow.topErrorCategory && <Badge tone="neutral">{t('dashTopCategory', { category: t(CATEGORY_LABELS[workflow.topErrorCategory]) })}</Badge>}
              </li>
            ))}
          </ol>
        ) : (
          <p className="ah-callout" data-tone="success">
            {t('dashWorkflowsNone')}
          </p>
        )}
      </Card>
      <Card title={t('dashWfTitle')}>
        <WorkflowCards workflows={workflows.items} instances={instances} />
      </Card>
    </div>
  );
}

/** The latest failed runs (whatever the range), newest first, a page at a time. */
function RecentFailures({ names, filter }: { names: WorkflowHealthList['items']; filter: WorkflowFilter | undefined }) {
  const [items, setItems] = useState<ExecutionSummaryView[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [problem, setProblem] = useState<string | null>(null);
  const load = useCallback(async (after?: string) => {
    setLoading(true);
    const result = await sendDashboardMessage('dashboardFailures', { ...(after ? { cursor: after } : {}), workflow: filter });
    setLoading(false);
    if (!result.ok) return setProblem(result.error.message);
    setProblem(null);
    setItems((previous) => (after ? [...previous, ...result.value.items] : result.value.items));
    setCursor(result.value.nextCursor);
  }, [filter]);
  useEffect(() => void load(), [load]);
  const nameOf = (item: ExecutionSummaryView) => names.find((w) => w.instanceId === item.instanceId && w.workflowId === item.workflowId)?.name ?? t('dashWorkflowUnnamed', { id: item.workflowId });
  const when = new Intl.DateTimeFormat(uiLanguage(), { dateStyle: 'medium', timeStyle: 'short' });
  const [open, setOpen] = useState<ExecutionSummaryView | null>(null);
  return (
    <Card title={t('dashFailuresTitle')} className="dash-failures">
      {open && <FailureView execution={open} title={nameOf(open)} onClose={() => setOpen(null)} />}
      {problem && (
        <p role="alert" className="ah-callout" data-tone="danger">
          {problem}
        </p>
      )}
      {!problem && !loading && !items.length && <p className="ah-callout">{t('dashFailuresNone')}</p>}
      {items.length > 0 && (
        <ul className="dash-list" data-testid="dash-failures">
          {items.map((item) => (
            <li key={item.id} data-execution-id={item.executionId}>
              <StatusPill status={item.status}>{item.status}</StatusPill>
              <span className="dash-list-name">{nameOf(item)}</span>
              {item.errorCategory && <Badge tone="danger">{t(CATEGORY_LABELS[item.errorCategory])}</Badge>}
              {item.failingNode && <code>{item.failingNode}</code>}
              <time dateTime={item.startedAt}>{when.format(new Date(item.startedAt))}</time>
              <Button size="sm" variant="ghost" data-testid="dash-failure-open" onClick={() => setOpen(item)}>
                {t('dashFailureOpen')}
              </Button>
              {item.errorMessage && <p className="dash-list-message">{item.errorMessage}</p>}
            </li>
          ))}
        </ul>
      )}
      {loading && <Spinner label={t('dashLoading')} size="sm" />}
      {cursor && !loading && (
        <Button size="sm" variant="secondary" onClick={() => void load(cursor)}>
          {t('dashFailuresMore')}
        </Button>
      )}
    </Card>
  );
}

/** A failure as the debugger shows it (its own components): node, error, explanation, fixes, timings. */
function FailureView({ execution, title, onClose }: { execution: ExecutionSummaryView; title: string; onClose(): void }) {
  const [digest, setDigest] = useState<ExecutionDigest | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    void sendDashboardMessage('dashboardExecution', { id: execution.id }).then((result) => (result.ok ? setDigest(result.value) : setProblem(result.error.message)));
  }, [execution.id]);
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()} title={title} description={`#${execution.executionId}`} closeLabel={t('dashFailureClose')} data-testid="dash-failure-view">
      {problem && (
        <p role="alert" className="ah-callout" data-tone="danger">
          {problem}
        </p>
      )}
      {digest ? <FailureDetail digest={digest} /> : (
        !problem && <Spinner label={t('dashLoading')} size="sm" />
      )}
    </Dialog>
  );
}

/**
 * One failure's digest: node, error, explanation and fixes, what the node received (its first
 * items, or why there are none: a trigger or first node that failed had no input), timings.
 */
export function FailureDetail({ digest }: { digest: ExecutionDigest }) {
  return (
    <div className="debugger dash-failure-view">
      <Failure digest={digest} />
      <InputItems digest={digest} />
      <Timeline timings={digest.timings} />
    </div>
  );
}

function NoAccount() {
  return (
    <main className="dash-page" data-testid="dashboard">
      <header className="dash-header">
        <span className="ah-mark" aria-hidden="true">
          AI
        </span>
        <h1>{t('dashTitle')}</h1>
      </header>
      <EmptyState
        data-testid="dash-no-account"
        title={t('dashNoAccountTitle')}
        description={t('dashNoAccountBody')}
        action={
          <Button variant="primary" onClick={() => void browser.runtime.openOptionsPage()}>
            {t('dashOpenOptions')}
          </Button>
        }
      />
    </main>
  );
}
