// The live debugger for the open workflow: a list of its executions that updates without a
// reload, and, for the selected one, the digest: failing node, error, explanation, fixes, the
// items it received and a timeline. Rendering is plain DOM inside the overlay's Shadow DOM, so
// the content script stays small; n8n is read by the background (typed messages).
import type { ExecutionDigest } from '@ai-http/shared/n8n/digest-schema';
import { createStore } from 'zustand/vanilla';
import { t, type MessageKey } from '../lib/i18n.ts';
import { loadItemsTree } from '../lib/items-tree-loader.ts';
import { sendMessage, type ExecutionList, type ExecutionRow, type Result } from '../lib/messages.ts';
import { workflowIdFromPath } from '../lib/n8n-page.ts';
import type { OverlayFeature } from './feature.ts';

const POLL_MS = 2_000;

interface PanelState {
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
  /** The execution whose full items are open in the tree, and how far loading got. */
  itemsTree: { executionId: string; phase: 'loading' | 'ready' } | null;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Record<string, string> = {}, ...children: (Node | string | null)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'text') node.textContent = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) if (child !== null) node.append(child);
  return node;
}

const unwrap = <T>(result: Result<T>): T => {
  if (result.ok) return result.value;
  throw Object.assign(new Error(result.error.message), { code: result.error.code });
};

export const debuggerPanel: OverlayFeature = {
  id: 'debugger-panel',
  appliesTo: (location) => workflowIdFromPath(location.pathname) !== null,
  async init({ panel, workflowId, n8nBase }, signal) {
    const store = createStore<PanelState>(() => ({ phase: 'loading', problem: null, executions: [], source: { source: 'direct', notice: null }, selectedId: null, pinned: false, digest: null, notice: null, itemsTree: null }));
    const root = el('section', { class: 'debugger', 'data-testid': 'debugger-panel', 'aria-label': t('panelTitle') });
    panel.append(root);
    signal.addEventListener('abort', () => root.remove());

    const select = async (id: string, pinned: boolean) => {
      // A notice ("Retried: …") survives the panel following a new failure on its own.
      store.setState((state) => ({ selectedId: id, pinned, digest: null, notice: pinned ? null : state.notice, itemsTree: null }));
      closeTree();
      try {
        const digest = unwrap(await sendMessage('executionDigest', { n8nBase, executionId: id }));
        if (store.getState().selectedId === id) store.setState({ digest });
      } catch (error) {
        store.setState({ notice: (error as Error).message });
      }
    };

    const poll = async () => {
      try {
        const { rows: executions, source, notice } = unwrap(await sendMessage('listExecutions', { n8nBase, workflowId }));
        const before = store.getState();
        // Re-render only when something changed, so buttons stay put between polls.
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

    // The tree keeps one host element across renders, so its React root survives them.
    const treeHost = el('div', { class: 'items-tree-host' });
    let unmountTree: (() => void) | null = null;
    const closeTree = () => {
      unmountTree?.();
      unmountTree = null;
    };
    signal.addEventListener('abort', closeTree);
    const openItems = async (id: string) => {
      store.setState({ itemsTree: { executionId: id, phase: 'loading' } });
      try {
        const [{ items }, tree] = await Promise.all([sendMessage('executionItems', { n8nBase, executionId: id }).then(unwrap), loadItemsTree()]);
        if (store.getState().selectedId !== id) return;
        closeTree();
        unmountTree = tree.mount(treeHost, items, t('panelInputItemsAll', { total: String(items.length) }));
        store.setState({ itemsTree: { executionId: id, phase: 'ready' } });
      } catch (error) {
        store.setState({ itemsTree: null, notice: (error as Error).message });
      }
    };

    const render = (state: PanelState) => {
      root.replaceChildren(...[el('h2', { text: t('panelTitle') }), renderSource(state)].filter((node) => node !== null), renderList(state, (id) => void select(id, true)), renderDetail(state, n8nBase, workflowId, { retry, copyCurl, openItems }, treeHost));
    };
    const retry = async (id: string) => {
      try {
        const { executionId } = unwrap(await sendMessage('retryExecution', { n8nBase, executionId: id }));
        store.setState({ notice: t('panelRetried', { id: executionId }), pinned: false });
        await poll();
      } catch (error) {
        store.setState({ notice: (error as Error).message });
      }
    };
    const copyCurl = async (id: string) => {
      try {
        await navigator.clipboard.writeText(unwrap(await sendMessage('executionCurl', { n8nBase, executionId: id })));
        store.setState({ notice: t('panelCopied') });
      } catch (error) {
        store.setState({ notice: (error as Error).message });
      }
    };

    signal.addEventListener('abort', store.subscribe(render));
    render(store.getState());
    await poll();
    const timer = setInterval(() => void poll(), POLL_MS);
    signal.addEventListener('abort', () => clearInterval(timer));
  },
};

function renderSource(state: PanelState): HTMLElement | null {
  if (state.phase !== 'ready') return null;
  const { source, notice } = state.source;
  const line = el('p', { class: `source ${source}`, 'data-testid': 'panel-source', 'data-source': source, text: t(source === 'server' ? 'panelSourceServer' : 'panelSourceDirect') });
  if (notice) line.append(' ', el('span', { role: 'status', 'data-testid': 'panel-source-notice', text: t(notice === 'serverOffline' ? 'panelServerOffline' : 'panelNotOnServer') }));
  return line;
}

function renderList(state: PanelState, onSelect: (id: string) => void): HTMLElement {
  if (state.phase === 'loading') return el('p', { 'data-testid': 'panel-state', text: t('panelLoading') });
  if (state.phase === 'error' && state.problem) {
    const key: MessageKey = state.problem.code === 'N8N_UNAUTHORIZED' ? 'panelUnauthorized' : state.problem.code === 'N8N_UNREACHABLE' ? 'panelUnreachable' : 'panelFailed';
    return el('p', { role: 'alert', 'data-testid': 'panel-state', text: t(key, { message: state.problem.message }) });
  }
  if (!state.executions.length) return el('p', { 'data-testid': 'panel-state', text: t('panelEmpty') });
  const list = el('ol', { class: 'executions', 'data-testid': 'execution-list' });
  for (const execution of state.executions) {
    const duration = execution.startedAt && execution.stoppedAt ? `${Math.max(0, Date.parse(execution.stoppedAt) - Date.parse(execution.startedAt))} ms` : '…';
    const started = execution.startedAt ? new Date(execution.startedAt).toLocaleTimeString() : '';
    const item = el(
      'li',
      { 'data-execution-id': execution.id, 'data-status': execution.status, class: execution.id === state.selectedId ? 'selected' : '' },
      el('button', { type: 'button' }, el('span', { class: `status ${execution.status}`, text: execution.status }), ` #${execution.id} · ${started} · ${duration} · ${execution.mode}`),
    );
    item.querySelector('button')!.addEventListener('click', () => onSelect(execution.id));
    list.append(item);
  }
  return list;
}

function renderDetail(state: PanelState, n8nBase: string, workflowId: string, actions: { retry(id: string): Promise<void>; copyCurl(id: string): Promise<void>; openItems(id: string): Promise<void> }, treeHost: HTMLElement): HTMLElement {
  const detail = el('div', { class: 'detail', 'data-testid': 'execution-detail' });
  if (state.notice) detail.append(el('p', { role: 'status', 'data-testid': 'panel-notice', text: state.notice }));
  const digest = state.digest;
  if (!digest || digest.executionId !== state.selectedId) return detail;
  const bar = el('div', { class: 'actions' });
  bar.append(el('a', { href: `${n8nBase}/workflow/${workflowId}/executions/${digest.executionId}`, target: '_top', 'data-testid': 'open-in-n8n', text: t('panelOpenInN8n') }));
  const retry = el('button', { type: 'button', 'data-testid': 'retry', text: t('panelRetry') });
  retry.addEventListener('click', () => void actions.retry(digest.executionId));
  bar.append(retry);
  if (digest.failingNode?.type === 'n8n-nodes-base.httpRequest') {
    const copy = el('button', { type: 'button', 'data-testid': 'copy-curl', text: t('panelCopyCurl') });
    copy.addEventListener('click', () => void actions.copyCurl(digest.executionId));
    bar.append(copy);
  }
  detail.append(bar);
  if (!digest.error) {
    detail.append(el('p', { text: t('panelSucceeded') }));
  } else {
    detail.append(
      el('h3', { text: t('panelFailingNode') }),
      el('p', { 'data-testid': 'failing-node' }, el('strong', { text: digest.failingNode?.name ?? '?' }), ` (${digest.failingNode?.type ?? 'unknown'})`),
      el('p', { 'data-testid': 'error-message', class: `category ${digest.error.category}`, text: `${digest.error.category}: ${digest.error.message}` }),
      el('h3', { text: t('panelWhatHappened') }),
      el('p', { 'data-testid': 'explanation', text: digest.explanation ?? '' }),
      el('h3', { text: t('panelHowToFix') }),
      el('ol', { 'data-testid': 'fixes' }, ...digest.fixes.map((fix) => el('li', { text: fix }))),
    );
  }
  const items = digest.inputItems;
  if (items.unavailable) {
    const reason = t(items.unavailable === 'tooLarge' ? 'itemsTooLarge' : items.unavailable === 'redacted' ? 'itemsRedacted' : 'itemsNotRecorded');
    detail.append(el('p', { 'data-testid': 'input-items', text: t('panelNoItems', { reason }) }));
  } else if (items.total) {
    const tree = state.itemsTree?.executionId === digest.executionId ? state.itemsTree : null;
    detail.append(el('h3', { text: tree?.phase === 'ready' ? t('panelInputItemsAll', { total: String(items.total) }) : t('panelInputItems', { shown: String(items.items.length), total: String(items.total) }) }));
    if (tree?.phase === 'ready') detail.append(treeHost);
    else {
      // The digest's first items at once; every item, in a virtualised tree, on request.
      const open = el('button', { type: 'button', 'data-testid': 'open-items', text: t(tree ? 'panelItemsLoading' : 'panelOpenItems', { total: String(items.total) }) });
      if (tree) open.setAttribute('disabled', '');
      open.addEventListener('click', () => void actions.openItems(digest.executionId));
      detail.append(open, el('pre', { 'data-testid': 'input-items', text: JSON.stringify(items.items, null, 2) }));
    }
  }
  if (digest.timings.length) {
    const start = Math.min(...digest.timings.map((x) => x.startTime));
    const end = Math.max(...digest.timings.map((x) => x.startTime + x.executionTimeMs), start + 1);
    const chart = el('div', { class: 'timeline', 'data-testid': 'timeline', role: 'img', 'aria-label': t('panelTimeline') });
    for (const timing of digest.timings) {
      const bar = el('div', { class: `bar ${timing.status}`, title: `${timing.node}: ${timing.executionTimeMs} ms` }, `${timing.node} ${timing.executionTimeMs} ms`);
      bar.style.marginInlineStart = `${((timing.startTime - start) / (end - start)) * 100}%`;
      bar.style.width = `${Math.max(2, (timing.executionTimeMs / (end - start)) * 100)}%`;
      chart.append(bar);
    }
    detail.append(el('h3', { text: t('panelTimeline') }), chart);
  }
  return detail;
}
