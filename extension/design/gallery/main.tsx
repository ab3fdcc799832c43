// The gallery's entry: ?theme=light|dark (the system's otherwise), ?lang=en|ar, and ?shadow=1
// to render inside a shadow root as the overlay does. Built only by the gallery's end-to-end
// test (tests/e2e/design-gallery.e2e.ts), never into the extension.
import { createRoot } from 'react-dom/client';
import { installStyles } from '../styles.ts';
import { Gallery, GALLERY_CSS } from './gallery.tsx';

const params = new URLSearchParams(location.search);
const theme = params.get('theme');
const locale = params.get('lang') === 'ar' ? 'ar' : 'en';
const host = document.getElementById('root')!;
document.documentElement.lang = locale;
let mount: HTMLElement = host;
if (params.has('shadow')) {
  const shadow = host.attachShadow({ mode: 'open' });
  mount = shadow.appendChild(document.createElement('div'));
  installStyles(shadow, GALLERY_CSS);
  // The page around the shadow root has no styles of ours.
  document.body.style.margin = '0';
} else {
  installStyles(document, GALLERY_CSS);
}
if (theme === 'light' || theme === 'dark') document.documentElement.dataset.theme = theme;
createRoot(mount).render(<Gallery locale={locale} theme={theme === 'light' || theme === 'dark' ? theme : undefined} />);
