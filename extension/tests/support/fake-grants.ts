import { fakeBrowser } from 'wxt/testing/fake-browser';

/**
 * fakeBrowser leaves `permissions` and `scripting` unimplemented. This gives them just enough
 * in-memory behaviour to test the grant flow: `request` grants unless `deny` is set, and the
 * registered content scripts live in a map like the browser keeps them.
 */
export function installFakeGrants({ declared = [] as string[], deny = false, tabs = [] as { id: number; url: string }[] } = {}) {
  const granted = new Set(declared);
  const scripts = new Map<string, { id: string; matches?: string[]; js?: string[] }>();
  const injected: number[] = [];
  const event = <T>() => {
    const listeners: ((value: T) => unknown)[] = [];
    return { addListener: (l: (value: T) => unknown) => void listeners.push(l), removeListener: () => undefined, hasListener: () => false, trigger: (value: T) => Promise.all(listeners.map((l) => l(value))) };
  };
  Object.assign(fakeBrowser.permissions, {
    onAdded: event<{ origins?: string[] }>(),
    onRemoved: event<{ origins?: string[] }>(),
    getAll: async () => ({ origins: [...granted], permissions: ['storage', 'scripting'] }),
    contains: async ({ origins = [] }: { origins?: string[] }) => origins.every((o) => granted.has(o)),
    request: async ({ origins = [] }: { origins?: string[] }) => {
      if (deny) return false;
      const fresh = origins.filter((o) => !granted.has(o));
      origins.forEach((o) => granted.add(o));
      // Like the browsers: onAdded fires for a new grant only, not for what was granted already.
      if (fresh.length) void (fakeBrowser.permissions.onAdded as unknown as { trigger(p: { origins: string[] }): Promise<unknown> }).trigger({ origins: fresh });
      return true;
    },
    remove: async ({ origins = [] }: { origins?: string[] }) => {
      origins.forEach((o) => granted.delete(o));
      return true;
    },
  });
  Object.assign(fakeBrowser.scripting, {
    getRegisteredContentScripts: async ({ ids }: { ids?: string[] } = {}) => [...scripts.values()].filter((s) => !ids || ids.includes(s.id)),
    registerContentScripts: async (list: { id: string }[]) => {
      for (const script of list) {
        if (scripts.has(script.id)) throw new Error(`Duplicate script ID '${script.id}'`);
        scripts.set(script.id, script);
      }
    },
    updateContentScripts: async (list: { id: string }[]) => {
      for (const script of list) scripts.set(script.id, { ...scripts.get(script.id), ...script });
    },
    unregisterContentScripts: async ({ ids }: { ids: string[] }) => ids.forEach((id) => scripts.delete(id)),
    executeScript: async ({ target }: { target: { tabId: number } }) => {
      injected.push(target.tabId);
      return [];
    },
  });
  // The open tabs, matched by a site pattern's host the way the browsers match `url` patterns.
  Object.assign(fakeBrowser.tabs, {
    query: async ({ url }: { url?: string }) => tabs.filter((tab) => !url || new URL(tab.url).hostname === /^https?:\/\/([^/]+)\//.exec(url)?.[1]),
  });
  return { granted, scripts, injected };
}
