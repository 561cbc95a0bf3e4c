// Renders the app icon (build/icon.svg, the one drawn source) to the PNGs electron-builder needs:
// a 1024 px icon.png, from which it makes macOS's .icns and Windows's .ico, and Linux's icon set
// (icons/<n>x<n>.png). Run by `npm run dist` before electron-builder; the output is not committed.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import { generatedIconsDir } from './builder-config';

/** The sizes of Linux's hicolor icon theme that desktops look for. */
export const linuxIconSizes = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const;
/** macOS needs 512 px at least (1024 for Retina), Windows 256. */
export const mainIconSize = 1024;

function renderPng(svg: string, size: number): Buffer {
  return new Resvg(svg, { fitTo: { mode: 'width', value: size }, background: 'rgba(0, 0, 0, 0)' }).render().asPng();
}

/** Writes `<outDir>/icon.png` and `<outDir>/icons/<n>x<n>.png`; answers the files written. */
export function renderIcons(svgPath: string, outDir: string): string[] {
  const svg = readFileSync(svgPath, 'utf8');
  mkdirSync(join(outDir, 'icons'), { recursive: true });
  const written: string[] = [];
  const write = (path: string, size: number) => {
    writeFileSync(path, renderPng(svg, size));
    written.push(path);
  };
  write(join(outDir, 'icon.png'), mainIconSize);
  for (const size of linuxIconSizes) write(join(outDir, 'icons', `${size}x${size}.png`), size);
  return written;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const root = resolve(import.meta.dirname, '../..');
  const files = renderIcons(join(root, 'build/icon.svg'), join(root, generatedIconsDir));
  console.log(`Rendered ${files.length} icons into ${generatedIconsDir}/`);
}
