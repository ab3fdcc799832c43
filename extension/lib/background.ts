import { browser } from 'wxt/browser';
import { startDebuggerService } from './debugger-service.ts';
import { onMessage } from './messages.ts';
import { syncOverlayRegistration } from './site-access.ts';
import { forgetTab, recordTabState } from './tab-status.ts';

/** Wires the background: keep the overlay registration in step with the user's grants. */
export function startBackground(): void {
  const sync = () => void syncOverlayRegistration().catch((error) => console.error('[ai-http] could not register the overlay', error));
  browser.runtime.onInstalled.addListener(sync);
  browser.runtime.onStartup.addListener(sync);
  browser.permissions.onAdded.addListener(sync);
  browser.permissions.onRemoved.addListener(sync);
  sync();

  onMessage('reportOverlayStatus', ({ data, sender }) => {
    const tabId = sender.tab?.id;
    if (tabId !== undefined) return recordTabState(tabId, { ...data, at: Date.now() });
  });
  browser.tabs.onRemoved.addListener((tabId) => void forgetTab(tabId));
  startDebuggerService();
  // The keyboard shortcut (remappable in the browser's shortcut settings) toggles the panel.
  browser.commands?.onCommand.addListener((command, tab) => {
    if (command === 'toggle-overlay' && tab?.id !== undefined) void browser.tabs.sendMessage(tab.id, { type: 'ai-http:toggle-overlay' }).catch(() => undefined);
  });
}
