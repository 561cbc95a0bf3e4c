import { build, type Rolldown } from 'vite';

/** Bundles bridge-entry.ts for the browser, in memory, once per harness run. */
export async function bundleHarnessBridge(): Promise<string> {
  const result = await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      write: false,
      minify: false,
      emptyOutDir: false,
      lib: { entry: new URL('./bridge-entry.ts', import.meta.url).pathname, formats: ['iife'], name: 'byomDeskHarnessBridge' },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
  const chunk = outputs.flatMap((o) => o.output).find((o) => o.type === 'chunk');
  if (!chunk || chunk.type !== 'chunk') throw new Error('The harness bridge did not build.');
  return chunk.code;
}
