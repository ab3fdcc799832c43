// The background (Chrome's service worker, Firefox's event page): it owns Dexie, the n8n reads,
// the server link and the site registrations. Each part registers its own handlers here; a
// feature with a background half exports one `register…` function from its folder.
import { browser } from 'wxt/browser';
import { registerDashboardBackground } from '../features/dashboard/background/index.ts';
import { registerDebuggerBackground } from '../features/debugger/background/index.ts';
import { registerBuilderBackground } from '../features/request-builder/background/index.ts';
import { onMessage } from '../common/messages.ts';
import { registerAccountHandlers } from './account.ts';
import { AiHttpDatabase } from './db.ts';
import { registerInstanceHandlers } from './instances.ts';
import { registerProfileHandlers } from './profile.ts';
import { ServerStream } from './server/stream.ts';
import { registerSiteAccess } from './site-access.ts';
import { SyncEngine } from './sync/engine.ts';
import { registerSyncHandlers } from './sync/handlers.ts';
import { forgetTab, recordTabState } from './tab-status.ts';

export function startBackground(db = new AiHttpDatabase()): void {
  registerSiteAccess();

  onMessage('reportOverlayStatus', ({ data, sender }) => {
    const tabId = sender.tab?.id;
    if (tabId !== undefined) return recordTabState(tabId, { ...data, at: Date.now() });
  });
  browser.tabs.onRemoved.addListener((tabId) => void forgetTab(tabId));

  const stream = new ServerStream({ loadSession: () => db.session(), saveSession: (session) => db.saveSession(session), onEventFrame: markEventFrame });
  const engine = new SyncEngine(db, stream);
  registerAccountHandlers(db, stream, engine);
  registerSyncHandlers(engine);
  registerProfileHandlers(db, stream);
  registerInstanceHandlers(db, stream);
  registerDebuggerBackground(db, stream);
  registerBuilderBackground(db, stream, { onQueued: () => engine.changed() });
  // A worker that wakes with an account syncs at once, then on its timer, nudges and reconnections.
  void db.syncMeta.get('current').then((meta) => meta && engine.start());
  registerDashboardBackground(db, stream);

  // The keyboard shortcut (remappable in the browser's shortcut settings) toggles the panel.
  browser.commands?.onCommand.addListener((command, tab) => {
    if (command === 'toggle-overlay' && tab?.id !== undefined) void browser.tabs.sendMessage(tab.id, { type: 'ai-http:toggle-overlay' }).catch(() => undefined);
  });
}

/** A User Timing mark per streamed execution: the stream-to-panel benchmark reads when its frame arrived. */
export const STREAM_FRAME_MARK = 'ai-http:stream-frame';
const MARKS_KEPT = 200;

function markEventFrame(event: { executionId: string }, arrivedAt: number): void {
  if (performance.getEntriesByName(STREAM_FRAME_MARK).length >= MARKS_KEPT) performance.clearMarks(STREAM_FRAME_MARK);
  performance.mark(STREAM_FRAME_MARK, { startTime: arrivedAt, detail: event.executionId });
}
