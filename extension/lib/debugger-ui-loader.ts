// The overlay's side of the lazily loaded items tree (entrypoints/items-tree.ts).
import { sendMessage } from './messages.ts';

export const ITEMS_TREE_GLOBAL = '__aiHttpItemsTree';
export const ITEMS_TREE_FILE = '/items-tree.js';

export interface ItemsTreeModule {
  /** Renders `items` into `container`; returns the unmount. */
  mount(container: HTMLElement, items: unknown[], label: string): () => void;
}

let loading: Promise<ItemsTreeModule> | undefined;

/** Asks the background to inject the tree's script into this tab once, then returns it. */
export function loadItemsTree(): Promise<ItemsTreeModule> {
  loading ??= (async () => {
    const existing = (globalThis as Record<string, unknown>)[ITEMS_TREE_GLOBAL] as ItemsTreeModule | undefined;
    if (existing) return existing;
    const result = await sendMessage('injectItemsTree', undefined);
    if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code });
    const loaded = (globalThis as Record<string, unknown>)[ITEMS_TREE_GLOBAL] as ItemsTreeModule | undefined;
    if (!loaded) throw new Error('The items viewer did not load.');
    return loaded;
  })().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}
