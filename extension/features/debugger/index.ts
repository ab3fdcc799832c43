// The live debugger for the open workflow: this feature's contract, run by the overlay's content
// script. It only holds the panel's place; the panel itself (React, ui.ts) is injected into this
// world the first time a workflow opens in the tab, then reused across SPA navigation.
import { t } from '../../common/i18n-shell.ts';
import { loadDebuggerUi } from './ui-loader.ts';
import { workflowIdFromPath } from '../../content/n8n-page.ts';
import type { OverlayFeature } from '../feature.ts';

export const debuggerFeature: OverlayFeature = {
  id: 'debugger',
  title: () => t('overlayTabDebugger'),
  include: (location) => workflowIdFromPath(location.pathname) !== null,
  async init({ panel, workflowId, n8nBase, setFailures }, signal) {
    const host = document.createElement('div');
    host.className = 'debugger-host';
    const waiting = document.createElement('p');
    waiting.dataset.testid = 'panel-state';
    waiting.textContent = t('panelLoading');
    host.append(waiting);
    panel.append(host);
    signal.addEventListener('abort', () => host.remove());
    try {
      const ui = await loadDebuggerUi();
      if (signal.aborted) return;
      host.replaceChildren();
      ui.mount(host, { n8nBase, workflowId, onFailures: setFailures }, signal);
    } catch (error) {
      waiting.setAttribute('role', 'alert');
      waiting.textContent = t('panelUiFailed', { message: (error as Error).message });
    }
  },
};
