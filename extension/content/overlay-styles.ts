// The overlay shell's own CSS, inside its Shadow DOM (n8n's styles never reach it, and ours never
// leak): the docked frame, its header and the resize edge, drawn with the design tokens. The
// primitives' stylesheet comes later, with the React UI a feature injects (design/styles.ts).
import { TOKENS_CSS } from '../design/tokens.ts';

const SHELL_CSS = `
:host { all: initial; }
/* Docked in a strip at the window's right edge in every language (n8n's own layout stays left to
   right), full height, beside n8n: n8n's body is laid out that much narrower (n8n-page.ts,
   reserveRightStrip), so no n8n control is ever under the panel. */
.panel { position: fixed; top: 0; bottom: 0; right: 0; inline-size: var(--ai-http-width, 380px);
  display: flex; flex-direction: column; box-sizing: border-box; font-family: var(--ah-font); font-size: var(--ah-text-md); line-height: 1.5;
  color: var(--ah-text); background: var(--ah-surface); border: 0; border-inline-start: 1px solid var(--ah-border);
  z-index: 2147483000; -webkit-font-smoothing: antialiased;
  /* color-scheme alone leaves Firefox's scrollbars light in a dark shadow root. */
  scrollbar-color: var(--ah-border-strong) transparent; }
.panel[hidden] { display: none; }
.panel > header { display: flex; align-items: center; gap: var(--ah-space-2); flex: none; block-size: 44px; padding-inline: var(--ah-space-3) var(--ah-space-2);
  border-block-end: 1px solid var(--ah-border); color: var(--ah-text-strong); font-weight: var(--ah-weight-bold); }
.mark { display: grid; place-items: center; inline-size: 22px; block-size: 22px; border-radius: var(--ah-radius-sm); background: var(--ah-accent-solid);
  color: var(--ah-on-solid); font-size: 10px; letter-spacing: .02em; }
.close { display: grid; place-items: center; margin-inline-start: auto; inline-size: 28px; block-size: 28px; padding: 0; border: 0; border-radius: var(--ah-radius-sm);
  background: none; color: var(--ah-text-muted); cursor: pointer; }
.close:hover { background: var(--ah-hover); color: var(--ah-text-strong); }
.close:focus-visible { outline: 2px solid var(--ah-focus); outline-offset: 2px; }
.close svg { inline-size: 16px; block-size: 16px; }
.body { flex: 1; min-block-size: 0; overflow: auto; padding: var(--ah-space-3); scrollbar-width: thin; }
.feature > .debugger-host > [data-testid=panel-state] { margin: 0; color: var(--ah-text-muted); }
.tabs { display: flex; gap: var(--ah-space-1); flex: none; padding-inline: var(--ah-space-2); border-block-end: 1px solid var(--ah-border); }
.tabs[hidden], .feature[hidden] { display: none; }
.tab { padding: var(--ah-space-2) var(--ah-space-3); border: 0; border-block-end: 2px solid transparent; background: none; color: var(--ah-text-muted);
  font: inherit; font-weight: var(--ah-weight-medium); cursor: pointer; }
.tab:hover { color: var(--ah-text-strong); }
.tab[aria-selected=true] { color: var(--ah-accent-text); border-block-end-color: var(--ah-accent-solid); }
.tab:focus-visible { outline: 2px solid var(--ah-focus); outline-offset: -2px; }
/* The builder's frame fills the panel and scrolls inside itself. */
.body:has(> .feature[data-feature=request-builder]:not([hidden])) { padding: 0; overflow: hidden; }
.feature[data-feature=request-builder] { block-size: 100%; }
.builder-frame { display: block; inline-size: 100%; block-size: 100%; border: 0; border-end-start-radius: inherit; border-end-end-radius: inherit; background: var(--ah-surface); }
/* The launcher: the rail left at the right edge while the panel is closed (after ×, and while n8n's
   node view is open), in the strip n8n gives up for it, with the open workflow's failure count. */
.launcher { position: fixed; top: 0; bottom: 0; right: 0; inline-size: 36px; box-sizing: border-box; display: flex; flex-direction: column; align-items: center; gap: var(--ah-space-2);
  padding: var(--ah-space-3) 0; border: 0; border-inline-start: 1px solid var(--ah-border);
  background: var(--ah-surface); color: var(--ah-text-strong); cursor: pointer; z-index: 2147483000; font: var(--ah-weight-bold) var(--ah-text-xs) / 1 var(--ah-font); }
.launcher[hidden] { display: none; }
.launcher:hover { background: var(--ah-hover); }
.launcher:focus-visible { outline: 2px solid var(--ah-focus); outline-offset: 2px; }
.launcher-badge { min-inline-size: 18px; padding: 3px 4px; border-radius: var(--ah-radius-full); background: var(--ah-danger-solid); color: var(--ah-on-solid); text-align: center; }
.launcher-badge[hidden] { display: none; }
.resize { position: absolute; inset-block: 0; left: -4px; inline-size: 8px; cursor: ew-resize; z-index: 1; }
`;

export const OVERLAY_CSS = `${TOKENS_CSS}\n${SHELL_CSS}`;
