// The debugger panel for the open workflow: the live list of its executions and, for the selected
// one, the digest (failing node, error, explanation, fixes, the items it received, a timeline) with
// its actions. Loaded into the n8n tab after the overlay mounts (entrypoints/debugger-ui.ts); the
// state and the calls to the background live in panel-store.ts.
import type { ExecutionDigest } from '@ai-http/shared/n8n/digest-schema';
import { knowledgeIn } from '@ai-http/shared/n8n/error-knowledge';
import { HTTP_REQUEST_NODE_TYPE } from '@ai-http/shared/n8n/node-types';
import { useEffect } from 'react';
import { useStore } from 'zustand';
import { MESSAGE_KEYS, t, uiLanguage, type MessageKey } from '../../common/i18n.ts';
import { highlightCanvasNode } from '../../content/n8n-page.ts';
import { MixedText } from './bidi.tsx';
import { Button, ChartIcon, CopyIcon, ExternalIcon, RefreshIcon, StatusPill, SuccessIcon } from '../../design/index.ts';
import { selectedDigest, type DebuggerPanel as Panel, type PanelState } from './panel-store.ts';
import { ItemsTree } from './items-tree.tsx';
import { AiExplain } from './ai-explain.tsx';

export function DebuggerPanel({ panel }: { panel: Panel }) {
  const state = useStore(panel.store);
  return (
    <section className="debugger" data-testid="debugger-panel" aria-label={t('panelTitle')}>
      <header className="debugger-header">
        <div className="debugger-title">
          <h2>{t('panelTitle')}</h2>
          <Button size="sm" variant="ghost" icon={<ChartIcon />} aria-label={t('dashOpenDashboardWorkflow')} title={t('dashOpenDashboardWorkflow')} data-testid="open-dashboard" onClick={() => void panel.openDashboard()}>
            {t('dashTitle')}
          </Button>
        </div>
        <Source state={state} />
      </header>
      <ExecutionList state={state} onSelect={(id) => panel.select(id, true)} />
      <Detail state={state} panel={panel} />
    </section>
  );
}

const NOTICE_TEXT = { serverOffline: 'panelServerOffline', notOnServer: 'panelNotOnServer', serverVersion: 'panelServerVersion' } as const;

function Source({ state }: { state: PanelState }) {
  if (state.phase !== 'ready') return null;
  const { source, notice } = state.source;
  return (
    <p className="debugger-source" data-testid="panel-source" data-source={source}>
      {t(source === 'server' ? 'panelSourceServer' : 'panelSourceDirect')}
      {notice && (
        <span role="status" data-testid="panel-source-notice" className="ah-callout" data-tone="warning">
          {t(NOTICE_TEXT[notice])}
        </span>
      )}
    </p>
  );
}

function ExecutionList({ state, onSelect }: { state: PanelState; onSelect(id: string): void }) {
  if (state.phase === 'loading') return <p data-testid="panel-state" className="ah-muted">{t('panelLoading')}</p>;
  // A problem is said above what is known: the rows kept from earlier stay readable offline.
  const problem = state.phase === 'error' && state.problem && <Problem problem={state.problem} />;
  if (!state.executions.length)
    return (
      problem || (
        <p data-testid="panel-state" className="ah-callout" data-tone="neutral">
          {t('panelEmpty')}
        </p>
      )
    );
  return (
    <>
      {problem}
      <Rows state={state} onSelect={onSelect} />
    </>
  );
}

function Problem({ problem }: { problem: NonNullable<PanelState['problem']> }) {
  const key: MessageKey = problem.code === 'N8N_UNAUTHORIZED' ? 'panelUnauthorized' : problem.code === 'N8N_UNREACHABLE' ? 'panelUnreachable' : 'panelFailed';
  return (
    <p role="alert" data-testid="panel-state" className="ah-callout" data-tone="danger">
      {t(key, { message: problem.message })}
    </p>
  );
}

/** n8n's own words (a status, a mode) in the UI's language; one n8n adds later is shown as it is. */
function wordFor(kind: 'status' | 'mode' | 'category', word: string): string {
  const key = `${kind}_${word}`;
  return (MESSAGE_KEYS as string[]).includes(key) ? t(key as MessageKey) : word;
}

function Rows({ state, onSelect }: { state: PanelState; onSelect(id: string): void }) {
  return (
    <ol className="executions" data-testid="execution-list">
      {state.executions.map((execution) => {
        const duration = execution.startedAt && execution.stoppedAt ? t('panelDurationMs', { ms: Math.max(0, Date.parse(execution.stoppedAt) - Date.parse(execution.startedAt)) }) : '…';
        const started = execution.startedAt ? new Date(execution.startedAt).toLocaleTimeString(uiLanguage()) : '';
        const selected = execution.id === state.selectedId;
        return (
          <li key={execution.id} data-execution-id={execution.id} data-status={execution.status} className={selected ? 'selected' : ''}>
            <button type="button" aria-current={selected || undefined} onClick={() => onSelect(execution.id)}>
              <StatusPill status={execution.status}>{wordFor('status', execution.status)}</StatusPill>
              <bdi className="execution-id">#{execution.id}</bdi>
              <span className="execution-meta">
                <bdi>{started}</bdi> · <bdi>{duration}</bdi> · <bdi>{wordFor('mode', execution.mode)}</bdi>
              </span>
            </button>
          </li>
        );
      })}
    </ol>
  );
}

function Detail({ state, panel }: { state: PanelState; panel: Panel }) {
  const digest = selectedDigest(state);
  return (
    <div className="debugger-detail" data-testid="execution-detail">
      {state.notice && (
        <p role="status" data-testid="panel-notice" className="ah-callout" data-tone="info">
          {state.notice}
        </p>
      )}
      {digest && (
        <>
          <div className="ah-row debugger-actions">
            <a
              className="ah-button"
              data-variant="secondary"
              data-size="sm"
              href={`${panel.n8nBase}/workflow/${panel.workflowId}/executions/${digest.executionId}`}
              target="_top"
              data-testid="open-in-n8n"
            >
              <ExternalIcon />
              {t('panelOpenInN8n')}
            </a>
            <Button size="sm" icon={<RefreshIcon />} data-testid="retry" onClick={() => void panel.retry(digest.executionId)}>
              {t('panelRetry')}
            </Button>
            {digest.failingNode?.type === HTTP_REQUEST_NODE_TYPE && (
              <Button size="sm" icon={<CopyIcon />} data-testid="copy-curl" onClick={() => void panel.copyCurl(digest.executionId)}>
                {t('panelCopyCurl')}
              </Button>
            )}
          </div>
          <Failure digest={digest} onCanvas />
          <AiExplain state={state} panel={panel} digest={digest} />
          <InputItems digest={digest} allItems={state.allItems?.executionId === digest.executionId ? state.allItems : null} onOpen={() => void panel.openItems(digest.executionId)} />
          <Timeline timings={digest.timings} />
        </>
      )}
    </div>
  );
}

/**
 * The failure's node, error, explanation and fixes (also the dashboard's failure view). On n8n's
 * page (`onCanvas`) the failing node is outlined on the canvas while its row is open.
 */
export function Failure({ digest, onCanvas = false }: { digest: ExecutionDigest; onCanvas?: boolean }) {
  const nodeName = digest.failingNode?.name;
  useEffect(() => (onCanvas && nodeName ? highlightCanvasNode(document, nodeName) : undefined), [onCanvas, nodeName, digest.executionId]);
  if (!digest.error)
    return (
      <p className="debugger-ok">
        <SuccessIcon />
        {t('panelSucceeded')}
      </p>
    );
  const { error } = digest;
  const { explanation, fixes } = knowledgeIn(uiLanguage(), digest);
  // The API's own words, when n8n kept them apart from its own message.
  const apiMessage = error.description && error.description !== error.message ? error.description : null;
  return (
    <>
      <div className="debugger-block">
        <h3>{t('panelFailingNode')}</h3>
        <p data-testid="failing-node" className="failing-node">
          <strong>
            <bdi>{nodeName ?? t('panelUnknownNode')}</bdi>
          </strong>
          {digest.failingNode && <code dir="ltr">{digest.failingNode.type}</code>}
        </p>
        <div data-testid="error-message" className="ah-callout debugger-error" data-tone="danger" data-category={error.category}>
          <p className="debugger-error-head">
            <strong data-testid="error-category">{wordFor('category', error.category)}</strong>
            {/* n8n's httpCode is the HTTP status, or the system's code when no answer came (ECONNREFUSED). */}
            {error.httpCode && (
              <span data-testid="http-status" className="ah-badge" data-tone="danger">
                {/^\d{3}$/.test(error.httpCode) ? t('panelHttpStatus', { code: error.httpCode }) : <bdi dir="ltr">{error.httpCode}</bdi>}
              </span>
            )}
          </p>
          <p dir="ltr" className="debugger-ltr" data-testid="error-text">
            {error.message}
          </p>
        </div>
        {apiMessage && (
          <div className="debugger-api">
            <h4>{t('panelApiSaid')}</h4>
            <p dir="ltr" className="debugger-ltr" data-testid="api-message">
              {apiMessage}
            </p>
          </div>
        )}
        {error.body && (
          <div className="debugger-api">
            <h4>{t('panelApiBody')}</h4>
            <pre dir="ltr" data-testid="api-body">
              {error.body}
            </pre>
          </div>
        )}
      </div>
      <div className="debugger-block">
        <h3>{t('panelWhatHappened')}</h3>
        <p data-testid="explanation">
          <MixedText text={explanation ?? ''} />
        </p>
      </div>
      <div className="debugger-block">
        <h3>{t('panelHowToFix')}</h3>
        <ol data-testid="fixes">
          {fixes.map((fix) => (
            <li key={fix}>
              <MixedText text={fix} />
            </li>
          ))}
        </ol>
      </div>
    </>
  );
}

/**
 * The digest's first items at once; every item, in a virtualised tree, on request (`onOpen`; the
 * dashboard's failure view shows the first items only). Why there are none, when there are none.
 */
export function InputItems({ digest, allItems = null, onOpen }: { digest: ExecutionDigest; allItems?: PanelState['allItems']; onOpen?(): void }) {
  const items = digest.inputItems;
  if (items.unavailable || !items.total) return <NoInputItems digest={digest} />;
  const total = String(items.total);
  if (allItems?.items) {
    const label = t('panelAllItems', { count: allItems.items.length });
    return (
      <div className="debugger-block">
        <h3>{label}</h3>
        <ItemsTree items={allItems.items} label={label} />
      </div>
    );
  }
  return (
    <div className="debugger-block">
      <div className="debugger-block-header">
        <h3>{t('panelInputItems', { shown: String(items.items.length), total })}</h3>
        {onOpen && (
          <Button size="sm" variant="ghost" data-testid="open-items" loading={allItems !== null} onClick={onOpen}>
            {allItems ? t('panelItemsLoading') : t('panelBrowseItems', { count: items.total })}
          </Button>
        )}
      </div>
      <pre dir="ltr" data-testid="input-items">
        {JSON.stringify(items.items, null, 2)}
      </pre>
    </div>
  );
}

/**
 * Why a failure shows no input items (also in the dashboard's failure view): n8n did not keep
 * them, or there were none — the node that failed was the first to run (a trigger) or nothing
 * reached it. Null for a success, or when there are items to show.
 */
function NoInputItems({ digest }: { digest: ExecutionDigest }) {
  const items = digest.inputItems;
  if (items.unavailable) {
    const reason = t(items.unavailable === 'tooLarge' ? 'itemsTooLarge' : items.unavailable === 'redacted' ? 'itemsRedacted' : 'itemsNotRecorded');
    return (
      <p data-testid="input-items" className="ah-callout" data-tone="neutral">
        {t('panelNoItems', { reason })}
      </p>
    );
  }
  if (items.total || !digest.error) return null;
  return (
    <p data-testid="no-input-items" className="ah-callout" data-tone="neutral">
      {t(digest.failingNode ? 'failureNoInput' : 'failureNoInputNoNode')}
    </p>
  );
}

/** Per-node run times (also in the dashboard's failure view). */
export function Timeline({ timings }: { timings: ExecutionDigest['timings'] }) {
  if (!timings.length) return null;
  const start = Math.min(...timings.map((x) => x.startTime));
  const end = Math.max(...timings.map((x) => x.startTime + x.executionTimeMs), start + 1);
  return (
    <div className="debugger-block">
      <h3>{t('panelTimeline')}</h3>
      <div className="timeline" data-testid="timeline" role="img" aria-label={t('panelTimeline')}>
        {timings.map((timing, index) => (
          <div
            key={`${timing.node}-${index}`}
            className={`bar ${timing.status}`}
            title={`${timing.node}: ${t('panelDurationMs', { ms: timing.executionTimeMs })}`}
            style={{ marginInlineStart: `${((timing.startTime - start) / (end - start)) * 100}%`, inlineSize: `${Math.max(2, (timing.executionTimeMs / (end - start)) * 100)}%` }}
          >
            <bdi>{timing.node}</bdi> {t('panelDurationMs', { ms: timing.executionTimeMs })}
          </div>
        ))}
      </div>
    </div>
  );
}
