// The overlay's side of the lazily loaded debugger UI (entrypoints/debugger-ui.ts).
import { sendDebuggerMessage } from './protocol.ts';

export const DEBUGGER_UI_GLOBAL = '__aiHttpDebuggerUi';

export interface DebuggerUiModule {
  /** Renders the panel for one workflow into `container` and keeps it live until `signal` aborts. */
  mount(container: HTMLElement, context: { n8nBase: string; workflowId: string; onFailures(count: number): void }, signal: AbortSignal): void;
}

let loading: Promise<DebuggerUiModule> | undefined;

/** Asks the background to inject the UI's script into this tab once, then returns it. */
export function loadDebuggerUi(): Promise<DebuggerUiModule> {
  const loaded = () => (globalThis as Record<string, unknown>)[DEBUGGER_UI_GLOBAL] as DebuggerUiModule | undefined;
  loading ??= (async () => {
    if (loaded()) return loaded()!;
    const result = await sendDebuggerMessage('injectDebuggerUi', undefined);
    if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code });
    const module = loaded();
    if (!module) throw new Error('The debugger panel did not load.');
    return module;
  })().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}
