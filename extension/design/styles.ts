// The design system's CSS as text, for a <style> in an extension page's document or in the
// overlay's shadow root. The tokens are small and safe for the content-script shell; the
// primitives' styles travel with the React UI that needs them.
import componentsCss from './components.css?inline';
import { TOKENS_CSS } from './tokens.ts';

export { TOKENS_CSS };
export const COMPONENTS_CSS: string = componentsCss;
export const DESIGN_CSS = `${TOKENS_CSS}\n${COMPONENTS_CSS}`;

/**
 * Adds `css` to a document's head or a shadow root once (keyed by `id`), so a second mount
 * of the same UI does not stack copies. Later installs come later in the cascade: a feature's
 * styles installed after the primitives' win ties with them.
 */
export function installStyles(root: Document | ShadowRoot, css: string, id = 'ah-design'): HTMLStyleElement {
  const [doc, parent] = 'head' in root ? [root, root.head] : [root.ownerDocument, root];
  const existing = parent.querySelector<HTMLStyleElement>(`style[data-ah-styles="${id}"]`);
  if (existing) return existing;
  const style = doc.createElement('style');
  style.dataset.ahStyles = id;
  style.textContent = css;
  parent.append(style);
  return style;
}
