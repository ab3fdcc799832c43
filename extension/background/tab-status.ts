import { browser } from 'wxt/browser';
import type { TabOverlayState } from '../common/messages.ts';

// storage.session: per browser session, readable by extension pages only (not content scripts).
const key = (tabId: number) => `overlay:tab:${tabId}`;

export async function recordTabState(tabId: number, state: TabOverlayState): Promise<void> {
  await browser.storage.session.set({ [key(tabId)]: state });
}

export async function tabState(tabId: number): Promise<TabOverlayState | undefined> {
  return (await browser.storage.session.get(key(tabId)))[key(tabId)] as TabOverlayState | undefined;
}

export async function forgetTab(tabId: number): Promise<void> {
  await browser.storage.session.remove(key(tabId));
}
