// What each dependency costs in the renderer's production JavaScript. The renderer is built again
// in memory (the config of electron.vite.config.ts, minified, with source maps), and every byte of
// minified output is charged to the source its map points at: a package under node_modules, or a
// folder of ours. "gzip alone" is that package's bytes gzipped on their own, a slight overestimate
// of what it adds to a gzipped chunk (its text shares a dictionary with its neighbours there).
//
// `npx tsx test/bench/bundle-costs.ts` prints the table; `npm run bench` prints it at full size.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Rolldown, type UserConfig } from 'vite';

const root = resolve(import.meta.dirname, '../..');

export interface OwnerCost {
  /** `react-dom`, `zod`, or a folder of ours (`src-renderer/inventory`, `src-shared`). */
  owner: string;
  /** Minified bytes in the output, in every chunk. */
  bytes: number;
  /** Those bytes gzipped on their own. */
  gzipAlone: number;
  /** The chunks it is in: `index` (loaded at start) or the screens' chunks. */
  chunks: string[];
}

const base64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Source-map `mappings`: per generated line, [generated column, source index] of each segment. */
export function decodeMappings(mappings: string): [number, number | undefined][][] {
  const lines: [number, number | undefined][][] = [];
  let source = 0;
  for (const line of mappings.split(';')) {
    const segments: [number, number | undefined][] = [];
    let column = 0;
    for (const segment of line.split(',')) {
      if (!segment) continue;
      const fields: number[] = [];
      let value = 0;
      let shift = 0;
      for (const char of segment) {
        const digit = base64.indexOf(char);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      column += fields[0]!;
      if (fields.length > 1) source += fields[1]!;
      segments.push([column, fields.length > 1 ? source : undefined]);
    }
    lines.push(segments);
  }
  return lines;
}

/** A source file's owner: its npm package, or its folder of ours (one level under src-renderer). */
export function ownerOf(source: string): string {
  const inModules = source.split('node_modules/').at(-1)!;
  if (inModules !== source) return inModules.split('/').slice(0, inModules.startsWith('@') ? 2 : 1).join('/');
  const ours = /(src-renderer\/[^/]+|src-shared)(\/|$)/.exec(source);
  if (ours) return ours[1]!.replace(/\.tsx?$/, '');
  return '(bundler runtime)';
}

/** Builds the renderer as `electron-vite build` does, in memory, minified and with source maps. */
async function buildRenderer(): Promise<Rolldown.OutputChunk[]> {
  const config = (await import(pathToFileURL(join(root, 'electron.vite.config.ts')).href)) as { default: { renderer: UserConfig } };
  const renderer = config.default.renderer;
  const outDir = mkdtempSync(join(tmpdir(), 'byom-bundle-costs-'));
  try {
    const result = await build({
      ...renderer,
      configFile: false,
      base: './',
      logLevel: 'warn',
      build: {
        ...renderer.build,
        outDir,
        write: false,
        sourcemap: true,
        minify: renderer.build?.minify ?? true,
        modulePreload: { polyfill: false },
        target: 'chrome140',
      },
    });
    const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
    return outputs.flatMap((o) => o.output).filter((o): o is Rolldown.OutputChunk => o.type === 'chunk');
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

/** Every dependency's (and every folder of ours') minified and gzipped bytes, largest first. */
export async function measureBundleCosts(): Promise<OwnerCost[]> {
  const chunks = await buildRenderer();
  const texts = new Map<string, { parts: string[]; chunks: Set<string> }>();
  for (const chunk of chunks) {
    const map = chunk.map;
    const chunkName = chunk.isEntry ? 'index' : chunk.name;
    if (!map) {
      // A chunk the bundler wrote itself (its module runtime) has no map: all of it is the bundler's.
      const entry = texts.get('(bundler runtime)') ?? { parts: [], chunks: new Set<string>() };
      entry.parts.push(chunk.code);
      entry.chunks.add(chunkName);
      texts.set('(bundler runtime)', entry);
      continue;
    }
    const code = chunk.code.split('\n');
    decodeMappings(map.mappings).forEach((segments, lineNo) => {
      const line = code[lineNo] ?? '';
      segments.forEach(([column, source], i) => {
        const end = segments[i + 1]?.[0] ?? line.length;
        const owner = source === undefined ? '(bundler runtime)' : ownerOf(map.sources[source] ?? '');
        const entry = texts.get(owner) ?? { parts: [], chunks: new Set<string>() };
        entry.parts.push(line.slice(column, end));
        entry.chunks.add(chunkName);
        texts.set(owner, entry);
      });
    });
  }
  return [...texts]
    .map(([owner, { parts, chunks }]) => {
      const text = parts.join('');
      return { owner, bytes: Buffer.byteLength(text), gzipAlone: gzipSync(text, { level: 9 }).length, chunks: [...chunks].sort() };
    })
    .sort((a, b) => b.gzipAlone - a.gzipAlone);
}

/** The table of the largest parts, as the bench prints it under its figures. */
export function costLines(costs: readonly OwnerCost[], top = 20): string[] {
  const kb = (n: number) => (n / 1024).toFixed(1).padStart(7);
  const lines = ['', 'What each part of the renderer costs: minified KB, gzip KB of its bytes alone, the chunks it is in'];
  for (const c of costs.slice(0, top)) {
    const where = c.chunks.length > 3 ? `${c.chunks.slice(0, 3).join(', ')} +${c.chunks.length - 3}` : c.chunks.join(', ');
    lines.push(`  ${c.owner.padEnd(30)} ${kb(c.bytes)} ${kb(c.gzipAlone)}  ${where}`);
  }
  if (costs.length > top) lines.push(`  … and ${costs.length - top} smaller parts`);
  return lines;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(costLines(await measureBundleCosts(), 60).join('\n'));
