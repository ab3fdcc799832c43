import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { ItemsTree } from '../ui/items-tree.tsx';
import { ITEMS_TREE_GLOBAL, type ItemsTreeModule } from '../lib/items-tree-loader.ts';

// Injected into the n8n tab's content-script world by the background (scripting.executeScript)
// the first time a user opens an execution's items: React and the virtualiser stay out of the
// overlay's content script until then.
export default defineUnlistedScript(() => {
  const module: ItemsTreeModule = {
    mount(container, items, label) {
      const root = createRoot(container);
      root.render(createElement(ItemsTree, { items, label }));
      return () => root.unmount();
    },
  };
  (globalThis as Record<string, unknown>)[ITEMS_TREE_GLOBAL] = module;
});
