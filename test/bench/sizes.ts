// renderer size and preload size: what the build in out/ ships (see built-sizes.ts), and at full
// size what each dependency and folder of ours costs in it (bundle-costs.ts).
import { costLines, measureBundleCosts } from './bundle-costs';
import { measureBuiltSizes } from './built-sizes';
import type { BenchSize, ScenarioResult } from './figures';

const kb = (bytes: number) => bytes / 1024;

export async function builtSizes(size: BenchSize): Promise<ScenarioResult> {
  const s = measureBuiltSizes();
  const costs = size.name === 'full' ? await measureBundleCosts() : [];
  return {
    scenario: 'sizes',
    figures: [
      {
        name: 'renderer size (all JS, gzip)',
        value: kb(s.allJsGzip),
        unit: 'KB',
        goal: 150,
        detail: `${s.chunkCount} chunks, ${kb(s.allJsBytes).toFixed(0)} KB minified`,
      },
      {
        name: 'renderer size (first screen, gzip)',
        value: kb(s.firstScreenGzip),
        unit: 'KB',
        goal: 100,
        detail: `the entry and the Tenants screen with what they import: ${s.firstScreenChunks.length} chunks`,
      },
      {
        name: 'preload size',
        value: kb(s.preloadBytes),
        unit: 'KB',
        goal: null,
        detail: `${s.preloadBytes} bytes, ${s.preloadGzip} gzipped`,
      },
    ],
    notes: costs.length > 0 ? costLines(costs) : [],
  };
}
