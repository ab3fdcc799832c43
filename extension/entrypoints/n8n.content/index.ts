import { defineContentScript } from 'wxt/utils/define-content-script';
import { runOverlay } from '../../content/overlay.ts';

// Registered at runtime (lib/site-access.ts) for granted origins only; never in the manifest.
export default defineContentScript({
  registration: 'runtime',
  cssInjectionMode: 'ui',
  main: (ctx) => runOverlay(ctx),
});
