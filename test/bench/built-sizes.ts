// The sizes of what `electron-vite build` wrote to out/: every renderer JavaScript file gzipped (what
// the app loads over its lifetime), the part the first screen needs before it can paint (the entry
// script, the Tenants screen's chunk, and every chunk either imports statically), and the preload.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const root = resolve(import.meta.dirname, '../..');
const rendererDir = join(root, 'out', 'renderer');
const assetsDir = join(rendererDir, 'assets');

export interface BuiltSizes {
  /** Every .js file under out/renderer, gzipped (level 9), summed. */
  allJsGzip: number;
  allJsBytes: number;
  /** The chunks the first screen (Tenants) loads before it can paint, gzipped. */
  firstScreenGzip: number;
  firstScreenChunks: string[];
  chunkCount: number;
  preloadBytes: number;
  preloadGzip: number;
}

const gzip = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;

/** The chunks a built chunk imports statically (`import … from "./x.js"`, `import "./x.js"`), not `import()`. */
export function staticImports(code: string): string[] {
  const found = new Set<string>();
  for (const m of code.matchAll(/(?:^|[;\s}])(?:import|export)\s*(?:[^"'();]*?\bfrom\s*)?["']\.\/([^"']+\.js)["']/g)) found.add(m[1]!);
  return [...found];
}

function withStaticImports(start: string[]): string[] {
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const dep of staticImports(readFileSync(join(assetsDir, name), 'utf8'))) visit(dep);
  };
  start.forEach(visit);
  return [...seen].sort();
}

export function measureBuiltSizes(firstScreen = 'TenantsScreen'): BuiltSizes {
  if (!existsSync(join(rendererDir, 'index.html'))) throw new Error('out/renderer is not built: run `npx electron-vite build` first');
  const html = readFileSync(join(rendererDir, 'index.html'), 'utf8');
  const entry = /<script[^>]+src="\.\/assets\/([^"]+\.js)"/.exec(html)?.[1];
  if (!entry) throw new Error('out/renderer/index.html names no entry script');
  const js = readdirSync(assetsDir).filter((f) => f.endsWith('.js'));
  const screenChunk = js.find((f) => f.startsWith(`${firstScreen}-`));
  // Before the screens were split, the whole app was the entry: then it is the first screen's too.
  const firstChunks = withStaticImports(screenChunk ? [entry, screenChunk] : [entry]);
  const preload = join(root, 'out', 'preload', 'index.cjs');
  return {
    allJsGzip: js.reduce((n, f) => n + gzip(join(assetsDir, f)), 0),
    allJsBytes: js.reduce((n, f) => n + statSync(join(assetsDir, f)).size, 0),
    firstScreenGzip: firstChunks.reduce((n, f) => n + gzip(join(assetsDir, f)), 0),
    firstScreenChunks: firstChunks,
    chunkCount: js.length,
    preloadBytes: statSync(preload).size,
    preloadGzip: gzip(preload),
  };
}
