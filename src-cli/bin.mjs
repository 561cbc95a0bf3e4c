#!/usr/bin/env node
// The `byom-desk` command (package.json `bin`, and `npm run cli --`). It runs src-cli/byom-desk.ts
// bundled by esbuild (tsx's own compiler) into node_modules/.cache, bundled again whenever a source
// file is newer than the bundle: a third of the start-up of loading each file through tsx, which
// matters for a command run many times in a script. Where the cache cannot be written, tsx runs it.
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'src-cli', 'byom-desk.ts');
const bundle = join(root, 'node_modules', '.cache', 'byom-desk-cli', 'byom-desk.mjs');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** The newest modification time of the sources the command is built from. */
function newestSource() {
  let newest = 0;
  for (const folder of ['src-cli', 'src-main', 'src-shared']) {
    for (const file of readdirSync(join(root, folder), { recursive: true, withFileTypes: true })) {
      if (file.isFile() && /\.tsx?$/.test(file.name)) newest = Math.max(newest, statSync(join(file.parentPath, file.name)).mtimeMs);
    }
  }
  return newest;
}

function bundledAt() {
  try {
    return statSync(bundle).mtimeMs;
  } catch {
    return -1;
  }
}

async function load() {
  if (bundledAt() < newestSource()) {
    try {
      const { build } = await import('esbuild');
      mkdirSync(dirname(bundle), { recursive: true });
      // Written under a name of its own, then renamed: two commands building at once never read half a file.
      const partial = `${bundle}.${process.pid}.tmp`;
      await build({
        entryPoints: [entry],
        outfile: partial,
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        packages: 'external',
        logLevel: 'warning',
      });
      renameSync(partial, bundle);
    } catch {
      const { register } = await import('tsx/esm/api');
      register();
      return import(pathToFileURL(entry).href);
    }
  }
  return import(pathToFileURL(bundle).href);
}

const { runCli } = await load();
await runCli(process.argv, version);
