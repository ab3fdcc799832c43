// The debugger's way to change a node on n8n's canvas (a fix from "Explain with AI"): functions run
// in the n8n tab's own world (MAIN), where the editor's stores are. Each is self-contained
// (executeScript serialises it). Read from n8n 2.40.7: the Vue app on #app, its Pinia stores; the
// open workflow's document store (`workflowDocuments/<id>@…`) has getNodeByName and
// setNodeParameters({ name, value }), the call n8n's own parameter inputs make, so the canvas, the
// node's form and the "unsaved changes" state follow as after a manual edit.
import { browser } from 'wxt/browser';

type NodeStore = { getNodeByName?: (name: string) => { parameters?: Record<string, unknown> } | null | undefined; setNodeParameters?: (update: { name: string; value: Record<string, unknown> }) => void };

function nodeParametersInPage(name: string): Record<string, unknown> | null {
  const pinia = (document.querySelector('#app') as (Element & { __vue_app__?: { config: { globalProperties: { $pinia?: { _s: Map<string, NodeStore> } } } } }) | null)?.__vue_app__?.config.globalProperties.$pinia;
  const stores = pinia ? [...pinia._s.entries()].filter(([id]) => /^workflowDocuments\/[^/@]+@/.test(id)).map(([, store]) => store) : [];
  const node = stores.map((store) => store.getNodeByName?.(name)).find(Boolean);
  return node ? JSON.parse(JSON.stringify(node.parameters ?? {})) : null;
}

function setNodeParametersInPage(name: string, parameters: Record<string, unknown>): boolean {
  const pinia = (document.querySelector('#app') as (Element & { __vue_app__?: { config: { globalProperties: { $pinia?: { _s: Map<string, NodeStore> } } } } }) | null)?.__vue_app__?.config.globalProperties.$pinia;
  const stores = pinia ? [...pinia._s.entries()].filter(([id]) => /^workflowDocuments\/[^/@]+@/.test(id)).map(([, store]) => store) : [];
  const store = stores.find((s) => s.getNodeByName?.(name) && typeof s.setNodeParameters === 'function');
  if (!store) return false;
  store.setNodeParameters!({ name, value: parameters });
  return JSON.stringify(store.getNodeByName!(name)?.parameters ?? null) === JSON.stringify(parameters);
}

/** The node's parameters as the editor holds them (unsaved edits included); null when the open workflow has no such node. */
export async function readNodeParameters(tabId: number, frameId: number, name: string): Promise<Record<string, unknown> | null> {
  const [result] = await browser.scripting.executeScript({ target: { tabId, frameIds: [frameId] }, world: 'MAIN', func: nodeParametersInPage, args: [name] });
  return (result?.result as Record<string, unknown> | null | undefined) ?? null;
}

/** Replaces the node's parameters in the editor; answers whether the editor now holds them. */
export async function writeNodeParameters(tabId: number, frameId: number, name: string, parameters: Record<string, unknown>): Promise<boolean> {
  const [result] = await browser.scripting.executeScript({ target: { tabId, frameIds: [frameId] }, world: 'MAIN', func: setNodeParametersInPage, args: [name, parameters] });
  return result?.result === true;
}
