import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { directionOf, uiLanguage } from '../common/i18n.ts';
import { DESIGN_CSS, DesignRoot, ToastProvider, installStyles, type Theme } from '../design/index.ts';
import './base.css';

/**
 * Renders an extension page's app into #root, in the UI's language and direction (Arabic flips the
 * page) and in the design system, which follows the system's light or dark theme unless the page
 * is told one (the overlay's builder frame follows n8n's).
 */
export function mountPage(app: ReactNode, { theme }: { theme?: Theme | undefined } = {}): void {
  document.documentElement.lang = uiLanguage();
  document.documentElement.dir = directionOf(uiLanguage());
  if (theme) document.documentElement.dataset.theme = theme;
  installStyles(document, DESIGN_CSS);
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <DesignRoot locale={uiLanguage()} theme={theme}>
        <ToastProvider>{app}</ToastProvider>
      </DesignRoot>
    </StrictMode>,
  );
}
