// The request builder in the overlay: a tab beside the debugger holding the builder page in an
// extension frame. The frame is the extension's own origin, so the secrets typed into it (tokens,
// passwords) never enter the n8n page's JavaScript; it talks to the background like the popup does.
import { browser } from 'wxt/browser';
import { t, uiLanguage } from '../../common/i18n-shell.ts';
import { isDarkTheme, workflowIdFromPath } from '../../content/n8n-page.ts';
import type { OverlayFeature } from '../feature.ts';

/** The builder page, which the manifest lets n8n pages frame (web_accessible_resources). */
export const BUILDER_PAGE = '/builder.html';

/** The frame follows the overlay: n8n's theme and the overlay's language. */
export function builderFrameUrl(n8nBase: string, dark: boolean, lang = uiLanguage()): string {
  const params = new URLSearchParams({ embedded: '1', n8nBase, theme: dark ? 'dark' : 'light', lang });
  return `${browser.runtime.getURL(BUILDER_PAGE)}?${params}`;
}

export const requestBuilderFeature: OverlayFeature = {
  id: 'request-builder',
  title: () => t('overlayTabBuilder'),
  include: (location) => workflowIdFromPath(location.pathname) !== null,
  init({ panel, n8nBase }, signal) {
    // Framed on first show: a page that never opens the tab never loads the builder.
    let frame: HTMLIFrameElement | null = null;
    return {
      onShown() {
        if (frame) return;
        frame = document.createElement('iframe');
        frame.className = 'builder-frame';
        frame.dataset.testid = 'builder-frame';
        frame.title = t('builderTitle');
        frame.src = builderFrameUrl(n8nBase, isDarkTheme(document, matchMedia('(prefers-color-scheme: dark)').matches));
        panel.append(frame);
        signal.addEventListener('abort', () => frame?.remove());
      },
    };
  },
};
