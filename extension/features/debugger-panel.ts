// The live debugger for the open workflow. The content script only holds its place in the
// overlay; the panel itself (React, in ui/debugger-panel.tsx) is injected into this world the
// first time a workflow opens in the tab, then reused across SPA navigation.
import { t } from '../lib/i18n.ts';
import { loadDebuggerUi } from '../lib/debugger-ui-loader.ts';
import { workflowIdFromPath } from '../lib/n8n-page.ts';
import type { OverlayFeature } from './feature.ts';

export const debuggerPanel: OverlayFeature = {
  id: 'debugger-panel',
  appliesTo: (location) => workflowIdFromPath(location.pathname) !== null,
  async init({ panel, workflowId, n8nBase }, signal) {
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
      ui.mount(host, { n8nBase, workflowId }, signal);
    } catch (error) {
      waiting.setAttribute('role', 'alert');
      waiting.textContent = t('panelUiFailed', { message: (error as Error).message });
    }
  },
};
