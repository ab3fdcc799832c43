/**
 * Every n8n page marker and DOM selector the extension relies on lives in this one module, so a
 * change in n8n's markup is a change here. It is tested against saved HTML of the real editor
 * and, end to end, against a real n8n.
 */
export const N8N_SELECTORS = {
  /** `<meta name="n8n:config:rest-endpoint" content="base64('rest')">`, on every editor page. */
  restEndpointMeta: 'meta[name="n8n:config:rest-endpoint"]',
  /** The workflow canvas, once the editor has rendered. */
  canvas: '[data-test-id="canvas"]',
  /** Zoom and fit buttons at the canvas's bottom left: the panel must never cover them. */
  canvasControls: '[data-test-id="canvas-controls"]',
  /**
   * n8n's node view (NDV), open over the canvas while a node is being edited; the panel folds to
   * its rail meanwhile, so the node's input and output panes keep their room.
   */
  nodeView: '[data-test-id="ndv"]',
  /** The node view's output pane: the one clipped first where the node view lacks room. */
  nodeViewOutput: '[data-test-id="output-panel"]',
  /** One node on the canvas, by its name: `[data-test-id="canvas-node"][data-node-name="…"]`. */
  canvasNode: '[data-test-id="canvas-node"]',
  /**
   * n8n's theme: `<body data-theme="dark|light">` when the user chose one (N8N_THEME in
   * localStorage, or `?theme=`); no attribute when n8n follows the system (n8n 2.40.7's
   * editor-ui, ui.store).
   */
  theme: 'body[data-theme]',
} as const;

/** n8n's chosen theme, or the system's when n8n follows it. */
export function isDarkTheme(doc: Document, prefersDark: boolean): boolean {
  const chosen = doc.querySelector(N8N_SELECTORS.theme)?.getAttribute('data-theme');
  return chosen === 'dark' || (chosen !== 'light' && prefersDark);
}

export const N8N_TITLE = 'n8n.io - Workflow Automation';

/** True when the document is served by n8n's editor (signed in or not). */
export function isN8nDocument(doc: Document): boolean {
  return doc.querySelector(N8N_SELECTORS.restEndpointMeta) !== null;
}

/** The REST endpoint path n8n announces (base64 in the meta tag), e.g. `rest`. */
export function restEndpoint(doc: Document): string | null {
  const content = doc.querySelector(N8N_SELECTORS.restEndpointMeta)?.getAttribute('content');
  if (!content) return null;
  try {
    return atob(content);
  } catch {
    return null;
  }
}

const WORKFLOW_PATH = /\/workflow\/([^/?#]+)/;

/** The workflow id in an editor URL (`/workflow/:id`, also under a base path), or null elsewhere. */
export function workflowIdFromPath(pathname: string): string | null {
  return WORKFLOW_PATH.exec(pathname)?.[1] ?? null;
}

const HIGHLIGHT_ATTRIBUTE = 'data-ai-http-failing';
const HIGHLIGHT_STYLE_ID = 'ai-http-failing-node';

/**
 * Outlines a node on n8n's canvas (the failing node of the execution open in the panel), found by
 * its name, also once n8n renders it later. Returns what removes the outline.
 */
export function highlightCanvasNode(doc: Document, name: string): () => void {
  if (!doc.getElementById(HIGHLIGHT_STYLE_ID)) {
    const style = doc.createElement('style');
    style.id = HIGHLIGHT_STYLE_ID;
    // n8n's danger red, with a halo visible on both of n8n's themes.
    style.textContent = `[${HIGHLIGHT_ATTRIBUTE}] { outline: 3px solid #d6000a !important; outline-offset: 4px; border-radius: 10px; box-shadow: 0 0 0 8px rgb(214 0 10 / 0.18) !important; }`;
    doc.head.append(style);
  }
  const mark = () => {
    for (const node of doc.querySelectorAll(N8N_SELECTORS.canvasNode)) {
      const failing = node.getAttribute('data-node-name') === name;
      if (failing !== node.hasAttribute(HIGHLIGHT_ATTRIBUTE)) node.toggleAttribute(HIGHLIGHT_ATTRIBUTE, failing);
    }
  };
  mark();
  // The canvas renders late and re-renders on navigation: follow it.
  const observer = new MutationObserver(mark);
  observer.observe(doc.body, { childList: true, subtree: true });
  return () => {
    observer.disconnect();
    for (const node of doc.querySelectorAll(`[${HIGHLIGHT_ATTRIBUTE}]`)) node.removeAttribute(HIGHLIGHT_ATTRIBUTE);
  };
}

const DOCK_STYLE_ID = 'ai-http-dock';

/**
 * Gives the panel its own strip at the window's right edge, the way n8n's own side panels take
 * theirs: n8n's page (its body, and with it every dialog, the node view and toasts n8n places in
 * it) is laid out `px` narrower, so nothing of n8n is ever under the strip. `contain: layout`
 * makes the body the box n8n's fixed-position layers are placed in. Returns what gives the room back.
 */
export function reserveRightStrip(doc: Document, px: number): () => void {
  let style = doc.getElementById(DOCK_STYLE_ID);
  if (!style) {
    style = doc.createElement('style');
    style.id = DOCK_STYLE_ID;
    doc.head.append(style);
  }
  style.textContent = `html > body { contain: layout; inline-size: calc(100vw - ${Math.round(px)}px) !important; min-inline-size: 0 !important; overflow: hidden; }`;
  // n8n sizes its canvas on window resizes: tell it the room changed.
  doc.defaultView?.dispatchEvent(new Event('resize'));
  return () => {
    doc.getElementById(DOCK_STYLE_ID)?.remove();
    doc.defaultView?.dispatchEvent(new Event('resize'));
  };
}

/**
 * The narrowest window n8n 2.40.7 lays its node view out in without clipping the output pane:
 * 24 px margins each side, the 420 px main pane centred, and the input and output panes' 280 px
 * CSS minimum each side (editor-ui's NDV panel sizes). Narrower, the output pane runs past the
 * node view's edge, so the launcher rail steps aside while the node view is open.
 */
export const NODE_VIEW_MIN_WIDTH = 2 * 24 + 420 + 2 * 280;

/** True while n8n's node view (NDV) is open. */
export function isNodeViewOpen(doc: Document): boolean {
  const view = doc.querySelector(N8N_SELECTORS.nodeView);
  return !!view && view.getClientRects().length > 0;
}
