/**
 * The contract of an overlay feature (features/<id>/index.ts): where it applies, and `init`,
 * which receives the overlay's panel and a signal that fires on SPA navigation and on extension
 * reload. The registry (registry.ts) lists every feature; a test checks that every feature folder
 * with an index.ts is in it, under its folder's name.
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
  /** The feature's folder name. */
  id: string;
  include(location: Pick<Location, 'pathname'>): boolean;
  init(context: OverlayContext, signal: AbortSignal): void | Promise<void>;
}
