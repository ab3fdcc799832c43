// The builder's way onto the n8n canvas: functions run in the n8n tab's own world (MAIN), because
// n8n reads pastes and writes copies there. Each is self-contained (executeScript serialises it)
// and carries no secret: the node it pastes references a credential, it never holds one.
import { browser } from 'wxt/browser';

/**
 * Pastes n8n clipboard JSON onto the canvas the way a user's Ctrl+V does: n8n listens for `paste`
 * on the document and reads `text/plain`. Firefox ignores `clipboardData` in the event's
 * constructor, so the property is defined on the event. n8n drops pastes that arrive before its
 * canvas has drawn the workflow, so this waits for the canvas, then for the new node to show.
 * n8n also strips from a pasted node every credential its editor has not loaded; one the builder
 * just created is loaded first through the editor's own credentials store (n8n 2.40.7: the Vue
 * app on #app, its Pinia store `credentials`, fetchAllCredentials), else the node arrives without
 * it and the builder says which credential to select. Answers whether a node was added.
 */
async function pasteInPage(text: string, refreshCredentials: boolean): Promise<boolean> {
  const nodes = () => document.querySelectorAll('[data-test-id="canvas-node"]').length;
  const until = async (check: () => boolean, ms: number) => {
    for (const end = Date.now() + ms; Date.now() < end; await new Promise((resolve) => setTimeout(resolve, 50))) if (check()) return true;
    return check();
  };
  await until(() => nodes() > 0 || document.querySelector('[data-test-id="canvas"]') !== null, 10_000);
  if (refreshCredentials) {
    type Store = { fetchAllCredentials?: () => Promise<unknown> };
    const app = (document.querySelector('#app') as (Element & { __vue_app__?: { config: { globalProperties: { $pinia?: { _s: Map<string, Store> } } } } }) | null)?.__vue_app__;
    const store = app?.config.globalProperties.$pinia?._s.get('credentials');
    await Promise.race([store?.fetchAllCredentials?.().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 5_000))]);
  }
  const before = nodes();
  const data = new DataTransfer();
  data.setData('text/plain', text);
  const event = new ClipboardEvent('paste', { bubbles: true, cancelable: true, clipboardData: data });
  if (!event.clipboardData || event.clipboardData.getData('text/plain') !== text) Object.defineProperty(event, 'clipboardData', { value: data });
  document.dispatchEvent(event);
  return until(() => nodes() > before, 3_000);
}

/**
 * The selected nodes exactly as the editor holds them, unsaved edits included, as n8n clipboard
 * JSON; null when nothing is selected. Read from the page (n8n 2.40.7): the selected canvas nodes
 * (`.vue-flow__node.selected [data-test-id=canvas-node]`, by `data-node-name`), and each node from
 * the editor's workflow document store (the Vue app on #app, its Pinia store
 * `workflowDocuments/<id>@latest`, getNodeByName).
 */
function copySelectionInPage(): string | null {
  const names = [...document.querySelectorAll('.vue-flow__node.selected [data-test-id="canvas-node"]')].map((node) => node.getAttribute('data-node-name')).filter((name): name is string => Boolean(name));
  if (!names.length) return null;
  type DocumentStore = { getNodeByName?: (name: string) => unknown };
  const pinia = (document.querySelector('#app') as (Element & { __vue_app__?: { config: { globalProperties: { $pinia?: { _s: Map<string, DocumentStore> } } } } }) | null)?.__vue_app__?.config.globalProperties.$pinia;
  const stores = pinia ? [...pinia._s.entries()].filter(([id]) => /^workflowDocuments\/[^/@]+@/.test(id)).map(([, store]) => store) : [];
  const nodes = names.map((name) => stores.map((store) => store.getNodeByName?.(name)).find(Boolean)).filter(Boolean);
  return nodes.length ? JSON.stringify({ nodes, connections: {} }) : null;
}

export async function pasteOnCanvas(tabId: number, frameId: number, text: string, refreshCredentials: boolean): Promise<boolean> {
  const [result] = await browser.scripting.executeScript({ target: { tabId, frameIds: [frameId] }, world: 'MAIN', func: pasteInPage, args: [text, refreshCredentials] });
  return result?.result === true;
}

export async function copyCanvasSelection(tabId: number, frameId: number): Promise<string | null> {
  const [result] = await browser.scripting.executeScript({ target: { tabId, frameIds: [frameId] }, world: 'MAIN', func: copySelectionInPage });
  return (result?.result as string | null | undefined) ?? null;
}
