import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { directionOf, uiLanguage } from '../common/i18n.ts';
import './base.css';

/** Renders an extension page's app into #root, in the UI's language and direction (Arabic flips the page). */
export function mountPage(app: ReactNode): void {
  document.documentElement.lang = uiLanguage();
  document.documentElement.dir = directionOf(uiLanguage());
  createRoot(document.getElementById('root')!).render(<StrictMode>{app}</StrictMode>);
}
