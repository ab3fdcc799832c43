import { debuggerFeature } from './debugger/index.ts';
import type { OverlayFeature } from './feature.ts';

/** Every overlay feature. To add one: a folder in features/ with an index.ts, and a line here. */
export const FEATURES: readonly OverlayFeature[] = [debuggerFeature];
