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
