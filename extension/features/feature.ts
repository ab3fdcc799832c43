/**
 * One overlay feature per file, with one contract: where it applies, and `init`, which receives
 * the overlay's panel and a signal that fires on SPA navigation and on extension reload. The
 * registry (registry.ts) lists every feature; a test checks that every file here is in it.
 */
export interface OverlayContext {
  /** The panel body inside the overlay's Shadow DOM. */
  panel: HTMLElement;
  /** The workflow open in the editor. */
  workflowId: string;
  /** The n8n origin (`https://n8n.example.com`), plus the base path n8n runs under. */
  n8nBase: string;
}

export interface OverlayFeature {
  id: string;
  appliesTo(location: Pick<Location, 'pathname'>): boolean;
  init(context: OverlayContext, signal: AbortSignal): void | Promise<void>;
}
