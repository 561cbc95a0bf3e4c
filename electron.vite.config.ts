import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

const root = import.meta.dirname;

export const preactInPlaceOfReact = [
  {
    find: /^use-sync-external-store\/shim\/with-selector(\.js)?$/,
    replacement: resolve(root, 'src-renderer/app/sync-external-store-with-selector.ts'),
  },
  { find: /^react-dom\/client$/, replacement: 'preact/compat/client' },
  { find: /^react-dom\/test-utils$/, replacement: 'preact/test-utils' },
  { find: /^react-dom$/, replacement: 'preact/compat' },
  { find: /^react\/jsx-runtime$/, replacement: 'preact/compat/jsx-runtime' },
  { find: /^react\/jsx-dev-runtime$/, replacement: 'preact/compat/jsx-dev-runtime' },
  { find: /^react$/, replacement: 'preact/compat' },
];

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      // Not minified: main's stack traces go to the log, and they must name our functions. Its size
      // costs nothing at start that matters (read once from disk, never sent over a network).
      rolldownOptions: { input: { index: resolve(root, 'src-main/index.ts') } },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      // A sandboxed preload cannot require() from node_modules: bundle our own code into it.
      externalizeDeps: false,
      minify: true,
      rolldownOptions: {
        input: { index: resolve(root, 'src-preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    plugins: [react()],
    resolve: { alias: preactInPlaceOfReact },
    build: {
      outDir: resolve(root, 'out/renderer'),
      minify: true,
      rolldownOptions: {
        input: { index: resolve(root, 'src-renderer/index.html') },
        output: {
          // Each screen is a chunk of its own (App loads it when first opened). The small modules
          // two screens share go into one chunk rather than a dozen of a few hundred bytes each,
          // which gzip worse and cost a request each (measured: test/bench/bundle-costs.ts).
          codeSplitting: { groups: [{ name: 'shared', minShareCount: 2, maxModuleSize: 4000 }] },
        },
      },
    },
  },
});
