import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { PopupApp } from '../../ui/popup-app.tsx';
import '../../ui/base.css';
import { directionOf, uiLanguage } from '../../lib/i18n.ts';

// Arabic (and other right-to-left languages) flip the whole page.
document.documentElement.lang = uiLanguage();
document.documentElement.dir = directionOf(uiLanguage());

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <PopupApp />
  </StrictMode>,
);
