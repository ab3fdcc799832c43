import { fakeBrowser } from 'wxt/testing/fake-browser';

/**
 * fakeBrowser leaves `permissions` and `scripting` unimplemented. This gives them just enough
 * in-memory behaviour to test the grant flow: `request` grants unless `deny` is set, and the
 * registered content scripts live in a map like the browser keeps them.
 */
export function installFakeGrants({ declared = [] as string[], deny = false } = {}) {
  const granted = new Set(declared);
  const scripts = new Map<string, { id: string; matches?: string[]; js?: string[] }>();
  const added: ((p: { origins?: string[] }) => void)[] = [];
  Object.assign(fakeBrowser.permissions, {
    getAll: async () => ({ origins: [...granted], permissions: ['storage', 'scripting'] }),
    contains: async ({ origins = [] }: { origins?: string[] }) => origins.every((o) => granted.has(o)),
    request: async ({ origins = [] }: { origins?: string[] }) => {
      if (deny) return false;
      origins.forEach((o) => granted.add(o));
      added.forEach((listener) => listener({ origins }));
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
  });
  return { granted, scripts };
}
