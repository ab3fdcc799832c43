import { debuggerFeature } from './debugger/index.ts';
import type { OverlayFeature } from './feature.ts';
import { requestBuilderFeature } from './request-builder/index.ts';

/** Every overlay feature. To add one: a folder in features/ with an index.ts, and a line here. */
export const FEATURES: readonly OverlayFeature[] = [debuggerFeature, requestBuilderFeature];
