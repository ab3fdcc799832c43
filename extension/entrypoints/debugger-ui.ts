import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { createDebuggerPanel } from '../lib/debugger-store.ts';
import { DEBUGGER_UI_GLOBAL, type DebuggerUiModule } from '../lib/debugger-ui-loader.ts';
import { DebuggerPanel } from '../ui/debugger-panel.tsx';

// The debugger panel's UI (React, zustand, the virtualised items tree). The background injects it
// into the n8n tab's content-script world (scripting.executeScript) once the overlay has mounted on
// a workflow, so the content script that runs on every n8n page stays small.
export default defineUnlistedScript(() => {
  const module: DebuggerUiModule = {
    mount(container, context, signal) {
      const panel = createDebuggerPanel(context);
      const root = createRoot(container);
      root.render(createElement(DebuggerPanel, { panel }));
      signal.addEventListener('abort', () => root.unmount());
      void panel.start(signal);
    },
  };
  (globalThis as Record<string, unknown>)[DEBUGGER_UI_GLOBAL] = module;
});
