// The debugger panel for the open workflow: the live list of its executions and, for the selected
// one, the digest (failing node, error, explanation, fixes, the items it received, a timeline) with
// its actions. Loaded into the n8n tab after the overlay mounts (entrypoints/debugger-ui.ts); the
// state and the calls to the background live in panel-store.ts.
import type { ExecutionDigest } from '@ai-http/shared/n8n/digest-schema';
import { HTTP_REQUEST_NODE_TYPE } from '@ai-http/shared/n8n/node-types';
import { useStore } from 'zustand';
import { t, type MessageKey } from '../../common/i18n.ts';
import { selectedDigest, type DebuggerPanel as Panel, type PanelState } from './panel-store.ts';
import { ItemsTree } from './items-tree.tsx';

export function DebuggerPanel({ panel }: { panel: Panel }) {
  const state = useStore(panel.store);
  return (
    <section className="debugger" data-testid="debugger-panel" aria-label={t('panelTitle')}>
      <h2>{t('panelTitle')}</h2>
      <Source state={state} />
      <ExecutionList state={state} onSelect={(id) => panel.select(id, true)} />
      <Detail state={state} panel={panel} />
    </section>
  );
}

function Source({ state }: { state: PanelState }) {
  if (state.phase !== 'ready') return null;
  const { source, notice } = state.source;
  return (
    <p className={`source ${source}`} data-testid="panel-source" data-source={source}>
      {t(source === 'server' ? 'panelSourceServer' : 'panelSourceDirect')}
      {notice && (
        <>
          {' '}
          <span role="status" data-testid="panel-source-notice">
            {t(notice === 'serverOffline' ? 'panelServerOffline' : 'panelNotOnServer')}
          </span>
        </>
      )}
    </p>
  );
}

function ExecutionList({ state, onSelect }: { state: PanelState; onSelect(id: string): void }) {
  if (state.phase === 'loading') return <p data-testid="panel-state">{t('panelLoading')}</p>;
  // A problem is said above what is known: the rows kept from earlier stay readable offline.
  const problem = state.phase === 'error' && state.problem && <Problem problem={state.problem} />;
  if (!state.executions.length) return problem || <p data-testid="panel-state">{t('panelEmpty')}</p>;
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
    <p role="alert" data-testid="panel-state">
      {t(key, { message: problem.message })}
    </p>
  );
}

function Rows({ state, onSelect }: { state: PanelState; onSelect(id: string): void }) {
  return (
    <ol className="executions" data-testid="execution-list">
      {state.executions.map((execution) => {
        const duration = execution.startedAt && execution.stoppedAt ? `${Math.max(0, Date.parse(execution.stoppedAt) - Date.parse(execution.startedAt))} ms` : '…';
        const started = execution.startedAt ? new Date(execution.startedAt).toLocaleTimeString() : '';
        return (
          <li key={execution.id} data-execution-id={execution.id} data-status={execution.status} className={execution.id === state.selectedId ? 'selected' : ''}>
            <button type="button" onClick={() => onSelect(execution.id)}>
              <span className={`status ${execution.status}`}>{execution.status}</span>
              {` #${execution.id} · ${started} · ${duration} · ${execution.mode}`}
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
    <div className="detail" data-testid="execution-detail">
      {state.notice && (
        <p role="status" data-testid="panel-notice">
          {state.notice}
        </p>
      )}
      {digest && (
        <>
          <div className="actions">
            <a href={`${panel.n8nBase}/workflow/${panel.workflowId}/executions/${digest.executionId}`} target="_top" data-testid="open-in-n8n">
              {t('panelOpenInN8n')}
            </a>
            <button type="button" data-testid="retry" onClick={() => void panel.retry(digest.executionId)}>
              {t('panelRetry')}
            </button>
            {digest.failingNode?.type === HTTP_REQUEST_NODE_TYPE && (
              <button type="button" data-testid="copy-curl" onClick={() => void panel.copyCurl(digest.executionId)}>
                {t('panelCopyCurl')}
              </button>
            )}
          </div>
          <Failure digest={digest} />
          <InputItems digest={digest} allItems={state.allItems?.executionId === digest.executionId ? state.allItems : null} onOpen={() => void panel.openItems(digest.executionId)} />
          <Timeline timings={digest.timings} />
        </>
      )}
    </div>
  );
}

function Failure({ digest }: { digest: ExecutionDigest }) {
  if (!digest.error) return <p>{t('panelSucceeded')}</p>;
  return (
    <>
      <h3>{t('panelFailingNode')}</h3>
      <p data-testid="failing-node">
        <strong>{digest.failingNode?.name ?? '?'}</strong> ({digest.failingNode?.type ?? 'unknown'})
      </p>
      <p data-testid="error-message" className={`category ${digest.error.category}`}>{`${digest.error.category}: ${digest.error.message}`}</p>
      <h3>{t('panelWhatHappened')}</h3>
      <p data-testid="explanation">{digest.explanation ?? ''}</p>
      <h3>{t('panelHowToFix')}</h3>
      <ol data-testid="fixes">
        {digest.fixes.map((fix) => (
          <li key={fix}>{fix}</li>
        ))}
      </ol>
    </>
  );
}

/** The digest's first items at once; every item, in a virtualised tree, on request. */
function InputItems({ digest, allItems, onOpen }: { digest: ExecutionDigest; allItems: PanelState['allItems']; onOpen(): void }) {
  const items = digest.inputItems;
  if (items.unavailable) {
    const reason = t(items.unavailable === 'tooLarge' ? 'itemsTooLarge' : items.unavailable === 'redacted' ? 'itemsRedacted' : 'itemsNotRecorded');
    return <p data-testid="input-items">{t('panelNoItems', { reason })}</p>;
  }
  if (!items.total) return null;
  const total = String(items.total);
  if (allItems?.items) {
    const label = t('panelInputItemsAll', { total: String(allItems.items.length) });
    return (
      <>
        <h3>{label}</h3>
        <ItemsTree items={allItems.items} label={label} />
      </>
    );
  }
  return (
    <>
      <h3>{t('panelInputItems', { shown: String(items.items.length), total })}</h3>
      <button type="button" data-testid="open-items" disabled={allItems !== null} onClick={onOpen}>
        {t(allItems ? 'panelItemsLoading' : 'panelOpenItems', { total })}
      </button>
      <pre data-testid="input-items">{JSON.stringify(items.items, null, 2)}</pre>
    </>
  );
}

function Timeline({ timings }: { timings: ExecutionDigest['timings'] }) {
  if (!timings.length) return null;
  const start = Math.min(...timings.map((x) => x.startTime));
  const end = Math.max(...timings.map((x) => x.startTime + x.executionTimeMs), start + 1);
  return (
    <>
      <h3>{t('panelTimeline')}</h3>
      <div className="timeline" data-testid="timeline" role="img" aria-label={t('panelTimeline')}>
        {timings.map((timing, index) => (
          <div
            key={`${timing.node}-${index}`}
            className={`bar ${timing.status}`}
            title={`${timing.node}: ${timing.executionTimeMs} ms`}
            style={{ marginInlineStart: `${((timing.startTime - start) / (end - start)) * 100}%`, width: `${Math.max(2, (timing.executionTimeMs / (end - start)) * 100)}%` }}
          >
            {`${timing.node} ${timing.executionTimeMs} ms`}
          </div>
        ))}
      </div>
    </>
  );
}
