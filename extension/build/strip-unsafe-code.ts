// Store reviewers (addons.mozilla.org runs `web-ext lint` on every upload) flag any eval, Function
// constructor or innerHTML sink in the bundles, and MV3's CSP forbids eval at run time anyway.
// Three libraries carry such code (and zod one message that reads like it) on paths this extension never takes; this plugin replaces those
// few statements in the extension's bundles only (the server keeps zod's JIT). Every patch must
// match: a library update that changes the code fails the build here, and one that moves it to
// another file fails the bundle scan in tests/build/packages.test.ts, instead of shipping eval.
import type { Plugin } from 'vite';

export interface SourcePatch {
  /** The library file, matched against the resolved module path. */
  module: RegExp;
  /** Why the replaced code is never needed in the extension. */
  why: string;
  find: RegExp;
  replace: string;
}

const refuse = (what: string) => `(() => { throw new Error(${JSON.stringify(`AI-HTTP's extension build has no ${what}`)}); })()`;

export const SOURCE_PATCHES: SourcePatch[] = [
  {
    module: /\/zod\/v4\/core\/util\.js$/,
    why: "zod probes `new Function('')` to decide whether to JIT-compile object parsers. The extension's CSP forbids eval, so the probe always fails there; answer no without probing.",
    find: /try \{\s*const F = Function;\s*new F\(""\);\s*return true;\s*\}\s*catch \(_\) \{\s*return false;\s*\}/,
    replace: 'return false;',
  },
  {
    module: /\/zod\/v4\/core\/doc\.js$/,
    why: 'zod compiles its JIT object parsers with the Function constructor; with the probe above answering no, it never compiles.',
    find: /const F = Function;[\s\S]*?return factory\(\.\.\.Object\.values\(this\.closed\)\);/,
    replace: `return ${refuse('JIT-compiled zod parsers')};`,
  },
  {
    module: /\/zod\/v4\/core\/json-schema-processors\.js$/,
    why: "Not unsafe code: the text of an error zod's JSON Schema export throws (the AI SDK turns the AI calls' zod schemas into JSON Schema in the background). It starts with the word the bundle scan looks for; reworded so the scan stays strict.",
    find: /"Function types cannot be represented in JSON Schema"/,
    replace: '"Values of function type cannot be represented in JSON Schema"',
  },
  {
    module: /\/web-tree-sitter\/tree-sitter\.js$/,
    why: "Emscripten's loader evals the EM_ASM and EM_JS snippets of a side module; tree-sitter-bash.wasm (curlconverter's grammar) has none (a build test checks its exports).",
    find: /ASM_CONSTS\[start\] = eval\(func\);/,
    replace: `ASM_CONSTS[start] = ${refuse('eval for EM_ASM')};`,
  },
  {
    module: /\/web-tree-sitter\/tree-sitter\.js$/,
    why: 'The same for EM_JS functions.',
    find: /moduleExports\[name\] = eval\(func\);/,
    replace: `moduleExports[name] = ${refuse('eval for EM_JS')};`,
  },
  {
    module: /\/react-dom\/cjs\/react-dom-client\.production\.js$/,
    why: 'React writes `dangerouslySetInnerHTML` with innerHTML. The extension never uses that prop (a build test checks the sources), so it has no HTML sink at all.',
    find: /\(domElement\.innerHTML = key\)/g,
    replace: refuse('dangerouslySetInnerHTML'),
  },
];

export function stripUnsafeCode(patches: SourcePatch[] = SOURCE_PATCHES): Plugin {
  return {
    name: 'ai-http:strip-unsafe-code',
    enforce: 'pre',
    transform(code, id) {
      const path = id.split('?')[0]!;
      let out = code;
      for (const patch of patches.filter((p) => p.module.test(path))) {
        if (out.search(patch.find) === -1) this.error(`${path} no longer has the code this patch replaces (${patch.find}): ${patch.why} Read the library's new code and update extension/build/strip-unsafe-code.ts.`);
        out = out.replace(patch.find, patch.replace);
      }
      return out === code ? null : { code: out, map: null };
    },
  };
}
