import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
import { sendMessage, type OverlayStatus } from './messages.ts';
import { isN8nDocument, workflowIdFromPath } from './n8n-page.ts';

export const OVERLAY_TAG = 'ai-http-overlay';
/** n8n ignores paste and key events from elements with this class (see the team brief). */
export const CANVAS_IGNORE_CLASS = 'ignore-key-press-canvas';

function report(status: OverlayStatus): Promise<void> {
  return sendMessage('reportOverlayStatus', { status, url: location.href }).catch(() => undefined);
}

/**
 * The content script's whole life on one tab: confirm the page is n8n, then mount the overlay
 * root on `/workflow/:id` and remove it elsewhere, following the SPA's navigation. The context's
 * signal tears everything down when the extension is reloaded or the page goes away.
 */
export async function runOverlay(ctx: ContentScriptContext): Promise<void> {
  if (!isN8nDocument(document)) {
    await report('not-n8n');
    return;
  }
  let ui: ShadowRootContentScriptUi<void> | undefined;
  let pending = Promise.resolve();
  const update = () =>
    (pending = pending.then(async () => {
      const onWorkflow = workflowIdFromPath(location.pathname) !== null;
      if (onWorkflow && !ui && !ctx.isInvalid) {
        ui = await mountOverlayRoot(ctx);
        await report('mounted');
      } else if (!onWorkflow && ui) {
        ui.remove();
        ui = undefined;
        await report('idle');
      }
    }));
  ctx.addEventListener(window, 'wxt:locationchange', update);
  await update();
}

async function mountOverlayRoot(ctx: ContentScriptContext): Promise<ShadowRootContentScriptUi<void>> {
  const ui = await createShadowRootUi(ctx, {
    name: OVERLAY_TAG,
    position: 'overlay',
    anchor: 'body',
    onMount(container, _shadow, host) {
      host.classList.add(CANVAS_IGNORE_CLASS);
      container.classList.add(CANVAS_IGNORE_CLASS);
      container.dataset.role = 'overlay-root';
    },
  });
  ui.mount();
  return ui;
}
