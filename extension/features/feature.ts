/**
 * The contract of an overlay feature (features/<id>/index.ts): where it applies, and `init`,
 * which receives the overlay's panel and a signal that fires on SPA navigation and on extension
 * reload. The registry (registry.ts) lists every feature; a test checks that every feature folder
 * with an index.ts is in it, under its folder's name.
 */
export interface OverlayContext {
  /** The feature's tab panel inside the overlay's Shadow DOM. */
  panel: HTMLElement;
  /** The workflow open in the editor. */
  workflowId: string;
  /** The n8n origin (`https://n8n.example.com`), plus the base path n8n runs under. */
  n8nBase: string;
  /** Shows the open workflow's failure count on the overlay's launcher (the tab left after ×). */
  setFailures(count: number): void;
}

/** What a feature may do after init: hear when its tab is shown (to load lazily). */
export interface OverlayFeatureHandle {
  onShown?(): void;
}

export interface OverlayFeature {
  /** The feature's folder name. */
  id: string;
  /** Its tab's label in the overlay (translated). */
  title(): string;
  include(location: Pick<Location, 'pathname'>): boolean;
  /** `panel` is the feature's own tab panel in the overlay. */
  init(context: OverlayContext, signal: AbortSignal): void | OverlayFeatureHandle | Promise<void | OverlayFeatureHandle>;
}
