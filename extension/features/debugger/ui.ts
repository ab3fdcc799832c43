// The debugger panel's UI module (React, zustand, the virtualised items tree), built as its own
// script (entrypoints/debugger-ui.ts). The background injects it into the n8n tab's content-script
// world once the overlay has mounted on a workflow, so the content script that runs on every n8n
// page stays small; ui-loader.ts finds it under DEBUGGER_UI_GLOBAL.
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { createDebuggerPanel } from './panel-store.ts';
import { DebuggerPanel } from './panel.tsx';
import { DEBUGGER_UI_GLOBAL, type DebuggerUiModule } from './ui-loader.ts';

export function installDebuggerUi(): void {
  const module: DebuggerUiModule = {
    mount(container, context, signal) {
      const panel = createDebuggerPanel(context);
      const root = createRoot(container);
      root.render(createElement(DebuggerPanel, { panel }));
      signal.addEventListener('abort', () => root.unmount());
      panel.start(signal);
    },
  };
  (globalThis as Record<string, unknown>)[DEBUGGER_UI_GLOBAL] = module;
}
