// The debugger panel's state and what the user can do with it, apart from how it is drawn
// (panel.tsx). The rows arrive pushed from the background over one port (protocol.ts): the
// panel never polls, and never asks twice for what it was sent.
import { browser, type Browser } from 'wxt/browser';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { t, uiLanguage } from '../../common/i18n.ts';
import { unwrap } from '../../common/messages.ts';
import { isFailedStatus } from '@ai-http/shared/n8n/execution-status';
import { sendBuilderMessage, type AiRoute } from '../request-builder/protocol.ts';
import { applicableEdit, applyExplainEvent, connectExplain, explainGone, previewExplain, type AiExplainState, type ExplainConnect } from './ai-explain.ts';
import { sendDashboardMessage } from '../dashboard/protocol.ts';
import { EXECUTIONS_PORT, newestFirst, PORT_KEEPALIVE_MS, sendDebuggerMessage, type BackgroundMessage, type ExecutionRow, type PanelMessage, type Problem, type SourceNotice } from './protocol.ts';

export interface PanelState {
  phase: 'loading' | 'ready' | 'error';
  problem: Problem | null;
  executions: ExecutionRow[];
  /** Where the list comes from, and why n8n is read directly when an account is connected. */
  source: { source: 'server' | 'direct'; notice: SourceNotice };
  selectedId: string | null;
  /** Selected by the user (sticks) or by arrival of a new failure (follows the newest). */
  pinned: boolean;
  notice: string | null;
  /** Every input item of the selected execution, once the user asked for them. */
  allItems: { executionId: string; items: unknown[] | null } | null;
  /** Which AI "Explain with AI" would use (null until the background said). */
  aiRoute: AiRoute | null;
  /** "Explain with AI" for one execution: its preview, then the streamed answer. */
  explain: AiExplainState | null;
}

export interface DebuggerPanel {
  store: StoreApi<PanelState>;
  n8nBase: string;
  workflowId: string;
  select(id: string, pinned: boolean): void;
  retry(id: string): Promise<void>;
  copyCurl(id: string): Promise<void>;
  openItems(id: string): Promise<void>;
  /** Asks the background which AI is set up (the server's, the user's own, none). */
  refreshAiRoute(): Promise<void>;
  /** Shows what "Explain with AI" would send for the selected execution; nothing is sent yet. */
  previewExplain(): void;
  /** Sends the previewed payload's execution to the model (the user confirmed). */
  sendExplain(): void;
  /** Stops a streaming answer, or closes the preview. */
  closeExplain(): void;
  /** Applies fix `index`'s parameter change to the failing node on n8n's canvas. */
  applyFix(index: number): Promise<void>;
  /** Opens the dashboard in a new tab, narrowed to this workflow. */
  openDashboard(): Promise<void>;
  /** Receives the workflow's executions until the signal aborts (reconnecting if the background restarts). */
  start(signal: AbortSignal): void;
}

/** Something that carries PanelMessages to the background and BackgroundMessages back (a runtime port). */
export interface PanelLink {
  post(message: PanelMessage): void;
  close(): void;
}
export type Connect = (onMessage: (message: BackgroundMessage) => void, onClose: () => void) => PanelLink;

/** The real link: a runtime port to the background. */
export const connectToBackground: Connect = (onMessage, onClose) => {
  const port: Browser.runtime.Port = browser.runtime.connect({ name: EXECUTIONS_PORT });
  port.onMessage.addListener(onMessage);
  port.onDisconnect.addListener(onClose);
  return {
    post: (message) => {
      try {
        port.postMessage(message);
      } catch {
        // Disconnected a moment ago: onDisconnect reconnects and sends `watch` again.
      }
    },
    close: () => port.disconnect(),
  };
};

/** The digest of the selected row, when the background has sent it. */
export const selectedDigest = (state: PanelState) => state.executions.find((e) => e.id === state.selectedId)?.digest ?? null;

/** Applies one message from the background to the state (pure, so it is tested on its own). */
export function applyBackgroundMessage(state: PanelState, message: BackgroundMessage): Partial<PanelState> {
  if (message.type === 'state') {
    const phase = message.problem ? 'error' : message.ready ? 'ready' : state.phase;
    return { phase, problem: message.problem, source: { source: message.source, notice: message.notice } };
  }
  if (message.type === 'digestFailed') return state.selectedId === message.executionId ? { notice: message.message } : {};
  const byId = new Map(state.executions.map((e) => [e.id, e]));
  for (const row of message.rows) byId.set(row.id, row);
  const executions = [...byId.values()].sort(newestFirst);
  // Follow new failures as they arrive, unless the user picked an execution.
  const known = new Set(state.executions.map((e) => e.id));
  const newestFailure = executions.find((e) => isFailedStatus(e.status));
  const follow = newestFailure && !state.pinned && (state.selectedId === null || !known.has(newestFailure.id)) && newestFailure.id !== state.selectedId;
  // What Dexie kept shows at once, before n8n or the server has answered.
  const phase = state.phase === 'loading' && executions.length ? 'ready' : state.phase;
  return { executions, phase, ...(follow ? { selectedId: newestFailure.id, allItems: null } : {}) };
}

export function createDebuggerPanel(
  { n8nBase, workflowId }: { n8nBase: string; workflowId: string },
  connect: Connect = connectToBackground,
  { explainConnect = connectExplain, aiRoute = async () => unwrap(await sendBuilderMessage('aiRoute')), applyEdit = async (edit) => void unwrap(await sendDebuggerMessage('applyNodeEdit', edit)) }: { explainConnect?: ExplainConnect; aiRoute?: () => Promise<AiRoute>; applyEdit?: (edit: { nodeName: string; parameter: string; value: unknown }) => Promise<void> } = {},
): DebuggerPanel {
  const store = createStore<PanelState>(() => ({ phase: 'loading', problem: null, executions: [], source: { source: 'direct', notice: null }, selectedId: null, pinned: false, notice: null, allItems: null, aiRoute: null, explain: null }));
  let cancelExplain: (() => void) | null = null;
  const refreshAiRoute = async () => {
    try {
      store.setState({ aiRoute: await aiRoute() });
    } catch {
      store.setState({ aiRoute: { kind: 'none' } });
    }
  };
  const setExplain = (update: (explain: AiExplainState) => AiExplainState) =>
    store.setState((state) => (state.explain ? { explain: update(state.explain) } : {}));
  const fail = (error: unknown) => store.setState({ notice: (error as Error).message });
  let link: PanelLink | null = null;

  /** A row that came without its digest (a success read from n8n) gets it on request, once. */
  const askedForDigest = new Set<string>();
  const needDigest = () => {
    const { selectedId, executions } = store.getState();
    const row = executions.find((e) => e.id === selectedId);
    if (!row || row.digest || askedForDigest.has(row.id)) return;
    askedForDigest.add(row.id);
    link?.post({ type: 'digest', executionId: row.id });
  };

  const select = (id: string, pinned: boolean) => {
    // A notice ("Retried: …") survives the panel following a new failure on its own.
    store.setState((state) => ({ selectedId: id, pinned, notice: pinned ? null : state.notice, allItems: null }));
    needDigest();
  };

  return {
    store,
    n8nBase,
    workflowId,
    select,
    async retry(id) {
      try {
        const { executionId } = unwrap(await sendDebuggerMessage('retryExecution', { n8nBase, executionId: id }));
        store.setState({ notice: t('panelRetried', { id: executionId }), pinned: false });
      } catch (error) {
        fail(error);
      }
    },
    async openDashboard() {
      try {
        unwrap(await sendDashboardMessage('openDashboard', { workflowId }));
      } catch (error) {
        fail(error);
      }
    },
    async copyCurl(id) {
      try {
        await navigator.clipboard.writeText(unwrap(await sendDebuggerMessage('executionCurl', { n8nBase, executionId: id })));
        store.setState({ notice: t('panelCopied') });
      } catch (error) {
        fail(error);
      }
    },
    async openItems(id) {
      store.setState({ allItems: { executionId: id, items: null } });
      try {
        const { items } = unwrap(await sendDebuggerMessage('executionItems', { n8nBase, executionId: id }));
        if (store.getState().allItems?.executionId === id) store.setState({ allItems: { executionId: id, items } });
      } catch (error) {
        store.setState({ allItems: null });
        fail(error);
      }
    },
    refreshAiRoute,
    previewExplain() {
      const digest = selectedDigest(store.getState());
      if (!digest?.error) return;
      cancelExplain?.();
      cancelExplain = null;
      store.setState({ explain: previewExplain(digest) });
      void refreshAiRoute();
    },
    sendExplain() {
      const state = store.getState();
      const digest = state.executions.find((e) => e.id === state.explain?.executionId)?.digest;
      if (!digest || state.explain?.phase !== 'preview') return;
      setExplain((explain) => ({ ...explain, phase: 'streaming' }));
      cancelExplain = explainConnect(
        { digest, language: uiLanguage() === 'ar' ? 'ar' : 'en' },
        (event) => setExplain((explain) => (explain.executionId === digest.executionId ? applyExplainEvent(explain, event) : explain)),
        () => setExplain((explain) => explainGone(explain, t('aiExplainGone'))),
      );
    },
    closeExplain() {
      cancelExplain?.();
      cancelExplain = null;
      store.setState({ explain: null });
    },
    async applyFix(index) {
      // The node named when the preview opened: the execution's row may be between two updates
      // of the list (its digest not there yet) at the moment of the click.
      const { explain } = store.getState();
      const fix = explain?.result?.fixes[index];
      const edit = fix ? applicableEdit(fix) : null;
      const nodeName = explain?.nodeName;
      if (!explain || !edit || !nodeName || explain.edits[index]?.state === 'applying') return;
      const mark = (state: AiExplainState['edits'][number]) => setExplain((current) => (current.executionId === explain.executionId ? { ...current, edits: { ...current.edits, [index]: state } } : current));
      mark({ state: 'applying' });
      try {
        await applyEdit({ nodeName, parameter: edit.parameter, value: edit.value });
        mark({ state: 'applied' });
      } catch (error) {
        mark({ state: 'failed', message: (error as Error).message });
      }
    },
    start(signal) {
      void refreshAiRoute();
      // AI set up in the options page meanwhile: known when the user comes back to the tab.
      globalThis.addEventListener?.('focus', () => void refreshAiRoute(), { signal });
      signal.addEventListener('abort', () => cancelExplain?.());
      let retryMs = 250;
      const open = () => {
        if (signal.aborted) return;
        askedForDigest.clear();
        link = connect(
          (message) => {
            retryMs = 250;
            store.setState((state) => applyBackgroundMessage(state, message));
            needDigest();
          },
          // The background restarted (Chrome stops an idle service worker): connect again.
          () => {
            link = null;
            if (!signal.aborted) setTimeout(open, (retryMs = Math.min(retryMs * 2, 5_000)));
          },
        );
        link.post({ type: 'watch', n8nBase, workflowId });
      };
      open();
      const keepalive = setInterval(() => link?.post({ type: 'ping' }), PORT_KEEPALIVE_MS);
      signal.addEventListener('abort', () => {
        clearInterval(keepalive);
        link?.close();
        link = null;
      });
    },
  };
}
