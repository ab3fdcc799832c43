// The debugger panel's state and what the user can do with it, apart from how it is drawn
// (ui/debugger-panel.tsx). n8n and the server are read by the background, through typed messages.
import type { ExecutionDigest } from '@ai-http/shared/n8n/digest-schema';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { t } from './i18n.ts';
import { sendMessage, type ExecutionList, type ExecutionRow, type Result } from './messages.ts';

const POLL_MS = 2_000;

export interface PanelState {
  phase: 'loading' | 'ready' | 'error';
  problem: { code: string; message: string } | null;
  executions: ExecutionRow[];
  /** Where the list comes from, and why n8n is polled when an account is connected. */
  source: Pick<ExecutionList, 'source' | 'notice'>;
  selectedId: string | null;
  /** Selected by the user (sticks) or by arrival of a new failure (follows the newest). */
  pinned: boolean;
  digest: ExecutionDigest | null;
  notice: string | null;
  /** Every input item of the selected execution, once the user asked for them. */
  allItems: { executionId: string; items: unknown[] | null } | null;
}

export interface DebuggerPanel {
  store: StoreApi<PanelState>;
  n8nBase: string;
  workflowId: string;
  select(id: string, pinned: boolean): Promise<void>;
  retry(id: string): Promise<void>;
  copyCurl(id: string): Promise<void>;
  openItems(id: string): Promise<void>;
  /** Polls until the signal aborts. */
  start(signal: AbortSignal): Promise<void>;
}

const unwrap = <T>(result: Result<T>): T => {
  if (result.ok) return result.value;
  throw Object.assign(new Error(result.error.message), { code: result.error.code });
};

export function createDebuggerPanel({ n8nBase, workflowId }: { n8nBase: string; workflowId: string }): DebuggerPanel {
  const store = createStore<PanelState>(() => ({ phase: 'loading', problem: null, executions: [], source: { source: 'direct', notice: null }, selectedId: null, pinned: false, digest: null, notice: null, allItems: null }));
  const fail = (error: unknown) => store.setState({ notice: (error as Error).message });

  const select = async (id: string, pinned: boolean) => {
    // A notice ("Retried: …") survives the panel following a new failure on its own.
    store.setState((state) => ({ selectedId: id, pinned, digest: null, notice: pinned ? null : state.notice, allItems: null }));
    try {
      const digest = unwrap(await sendMessage('executionDigest', { n8nBase, executionId: id }));
      if (store.getState().selectedId === id) store.setState({ digest });
    } catch (error) {
      fail(error);
    }
  };

  const poll = async () => {
    try {
      const { rows: executions, source, notice } = unwrap(await sendMessage('listExecutions', { n8nBase, workflowId }));
      const before = store.getState();
      // Change the state only when something changed, so nothing re-renders between polls.
      const same = before.phase === 'ready' && JSON.stringify([before.executions, before.source]) === JSON.stringify([executions, { source, notice }]);
      if (!same) store.setState({ phase: 'ready', problem: null, executions, source: { source, notice } });
      const newestFailure = executions.find((e) => e.status === 'error' || e.status === 'crashed');
      const known = new Set(before.executions.map((e) => e.id));
      // Follow new failures as they arrive, unless the user picked an execution.
      if (newestFailure && !before.pinned && (before.selectedId === null || !known.has(newestFailure.id))) await select(newestFailure.id, false);
    } catch (error) {
      store.setState({ phase: 'error', problem: { code: (error as { code?: string }).code ?? 'INTERNAL', message: (error as Error).message } });
    }
  };

  return {
    store,
    n8nBase,
    workflowId,
    select,
    async retry(id) {
      try {
        const { executionId } = unwrap(await sendMessage('retryExecution', { n8nBase, executionId: id }));
        store.setState({ notice: t('panelRetried', { id: executionId }), pinned: false });
        await poll();
      } catch (error) {
        fail(error);
      }
    },
    async copyCurl(id) {
      try {
        await navigator.clipboard.writeText(unwrap(await sendMessage('executionCurl', { n8nBase, executionId: id })));
        store.setState({ notice: t('panelCopied') });
      } catch (error) {
        fail(error);
      }
    },
    async openItems(id) {
      store.setState({ allItems: { executionId: id, items: null } });
      try {
        const { items } = unwrap(await sendMessage('executionItems', { n8nBase, executionId: id }));
        if (store.getState().allItems?.executionId === id) store.setState({ allItems: { executionId: id, items } });
      } catch (error) {
        store.setState({ allItems: null });
        fail(error);
      }
    },
    async start(signal) {
      await poll();
      if (signal.aborted) return;
      const timer = setInterval(() => void poll(), POLL_MS);
      signal.addEventListener('abort', () => clearInterval(timer));
    },
  };
}
