import { debuggerPanel } from './debugger-panel.ts';
import type { OverlayFeature } from './feature.ts';

/** Every overlay feature. To add one: a file in features/ and a line here. */
export const FEATURES: readonly OverlayFeature[] = [debuggerPanel];
