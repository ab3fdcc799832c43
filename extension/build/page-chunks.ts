// The extension pages' first load in few files. Left to itself the bundler gives every set of
// pages that shares a module its own chunk: the popup loaded 24 files, most under 2 KB, and each
// costs Chrome about a millisecond to request before the page can run (extension/bench/
// builder.bench.ts; docs/PERFORMANCE.md). These groups put what every page loads at once into
// two files, and what the builder's pages (popup, builder tab) load at once into a third. Lazy
// parts (the paste importers, OpenAPI, the response view, the dashboard's charts) keep their own
// chunks, so no page loads more code than before; a page may load a little it does not run.
// Only the multi-page build is grouped: the background, the content script and the overlay's
// script are single files already.
import type { Plugin } from 'vite';

const PATH = String.raw`[\\/]`;
const VENDOR = new RegExp(`${PATH}node_modules${PATH}(react|react-dom|scheduler|zustand|@ark-ui|@zag-js|@webext-core|@aklinker1|wxt|@wxt-dev)${PATH}`);
const PAGE_SHELL = new RegExp(`${PATH}extension${PATH}(design${PATH}|common${PATH}(i18n|i18n-shell|messages|site-pattern|base64|api-sites)\\.ts$|pages${PATH}(mount|sync-status)\\.tsx$|background${PATH}(tab-status|site-access)\\.ts$)|${PATH}shared${PATH}src${PATH}(text|app-error|request${PATH}(blank|wire|content-type)|builder${PATH}limits)\\.ts$`);
const BUILDER = new RegExp(`${PATH}extension${PATH}features${PATH}request-builder${PATH}(builder|editor)\\.tsx$|${PATH}extension${PATH}features${PATH}request-builder${PATH}(builder-store|draft|send|request-core|protocol|site-permission)\\.ts$`);

export function pageChunks(): Plugin {
  return {
    name: 'ai-http:page-chunks',
    config(config) {
      const input = config.build?.rollupOptions?.input;
      if (!input || typeof input !== 'object' || Object.keys(input).length < 2) return null;
      return {
        build: {
          rollupOptions: {
            output: {
              codeSplitting: {
                groups: [
                  { name: 'vendor', test: VENDOR, priority: 30 },
                  { name: 'page-shell', test: PAGE_SHELL, priority: 20 },
                  { name: 'builder-ui', test: BUILDER, priority: 10 },
                ],
              },
            },
          },
        },
      };
    },
  };
}
