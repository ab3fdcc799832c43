// The debugger panel's UI module (React, zustand, the virtualised items tree), built as its own
// script (entrypoints/debugger-ui.ts). The background injects it into the n8n tab's content-script
// world once the overlay has mounted on a workflow, so the content script that runs on every n8n
// page stays small; ui-loader.ts finds it under DEBUGGER_UI_GLOBAL.
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { uiLanguage } from '../../common/i18n.ts';
import { COMPONENTS_CSS, DesignRoot, installStyles } from '../../design/index.ts';
import panelCss from './panel.css?inline';
import { isFailedStatus } from '@ai-http/shared/n8n/execution-status';
import { createDebuggerPanel } from './panel-store.ts';
import { DebuggerPanel } from './panel.tsx';
import { DEBUGGER_UI_GLOBAL, type DebuggerUiModule } from './ui-loader.ts';

export function installDebuggerUi(): void {
  const module: DebuggerUiModule = {
    mount(container, context, signal) {
      const panel = createDebuggerPanel(context);
      // The launcher's badge: the open workflow's failed executions, as they arrive.
      let failures = -1;
      const report = ({ executions }: { executions: { status: string }[] }) => {
        const count = executions.filter((execution) => isFailedStatus(execution.status)).length;
        if (count !== failures) context.onFailures((failures = count));
      };
      signal.addEventListener('abort', panel.store.subscribe(report));
      // The shell brought the tokens; the primitives' styles and the panel's come with this UI.
      const shadow = container.getRootNode() as ShadowRoot;
      installStyles(shadow, COMPONENTS_CSS);
      installStyles(shadow, panelCss, 'ah-debugger');
      const root = createRoot(container);
      // The theme comes from the shell's panel (it follows n8n's); the language from the browser.
      root.render(createElement(DesignRoot, { locale: uiLanguage(), rootNode: shadow }, createElement(DebuggerPanel, { panel })));
      signal.addEventListener('abort', () => root.unmount());
      panel.start(signal);
    },
  };
  (globalThis as Record<string, unknown>)[DEBUGGER_UI_GLOBAL] = module;
}
