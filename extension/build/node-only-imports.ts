// web-tree-sitter (curlconverter's shell parser) requires Node's `fs` and `path` on paths that
// only run under Node; in a browser build Vite swaps them for an empty stand-in and warns at
// every build. This plugin gives those two imports an empty module of our own, on purpose and
// silently, for that one library only: a new Node import anywhere else still warns.
import type { Plugin } from 'vite';

const EMPTY = '\0ai-http:node-only-import';
const NODE_ONLY = new Set(['fs', 'path']);
const IMPORTER = /\/web-tree-sitter\/tree-sitter\.js$/;

export function nodeOnlyImports(): Plugin {
  return {
    name: 'ai-http:node-only-imports',
    enforce: 'pre',
    resolveId(id, importer) {
      return NODE_ONLY.has(id) && importer && IMPORTER.test(importer) ? EMPTY : null;
    },
    load(id) {
      return id === EMPTY ? 'export default {};' : null;
    },
  };
}
