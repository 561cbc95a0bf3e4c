// `npm run bench [-- --size smoke|full] [--only name,name] [--no-build]`: builds the app, then
// measures every figure of the README's Benchmarks table in one run, each as a ratio to a baseline
// measured in the same run under the same conditions (or as a size), prints the table, writes
// bench/results.json, and exits non-zero when a goal is missed (at smoke size: by more than its
// tolerance, see figures.ts). Fake tenants listen on 127.0.0.1 only; the page runs in the system
// Chromium through the web harness, as the end-to-end tests run it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { browserScenarios } from './browser';
import { applyToMany, rotation } from './change-jobs';
import { filterScaling } from './filter-scaling';
import { judge, printTable, sizes, type BenchSize, type Figure, type ScenarioResult, type SizeName } from './figures';
import { mainMemory } from './main-memory';
import { crossTenantInventory, healthSweep } from './read-jobs';
import { ServicesEnv } from './services-env';
import { builtSizes } from './sizes';

const root = resolve(import.meta.dirname, '../..');

/** One services environment per scenario: no tenant, job or cached inventory of one reaches another. */
const inServices = (name: string, run: (env: ServicesEnv, size: BenchSize) => Promise<Figure>) => async (size: BenchSize) => {
  const env = ServicesEnv.start();
  try {
    return { scenario: name, figures: [await run(env, size)] };
  } finally {
    await env.dispose();
  }
};

const scenarios: Record<string, (size: BenchSize) => Promise<ScenarioResult>> = {
  inventory: inServices('inventory', crossTenantInventory),
  sweep: inServices('sweep', healthSweep),
  apply: inServices('apply', applyToMany),
  rotation: inServices('rotation', rotation),
  browser: async (size) => ({ scenario: 'browser', figures: await browserScenarios(size) }),
  filter: async (size) => ({ scenario: 'filter', figures: await filterScaling(size) }),
  memory: async (size) => ({ scenario: 'memory', figures: await mainMemory(size) }),
  sizes: builtSizes,
};

function machine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return `${cpus().length} cores (${cpu}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.versions.node}, ${process.platform}`;
}

async function main(): Promise<void> {
  const options = { size: { type: 'string', default: 'full' }, only: { type: 'string' }, 'no-build': { type: 'boolean' } } as const;
  const { values } = parseArgs({ options });
  if (values.size !== 'smoke' && values.size !== 'full') throw new Error(`--size is smoke or full, not ${values.size}`);
  const size = sizes[values.size as SizeName];
  const chosen = values.only ? values.only.split(',') : Object.keys(scenarios);
  const unknown = chosen.filter((n) => !(n in scenarios));
  if (unknown.length > 0) throw new Error(`no scenario ${unknown.join(', ')}; there are ${Object.keys(scenarios).join(', ')}`);
  if (!values['no-build']) {
    console.log('Building the app (electron-vite build)…');
    const electronVite = join(root, 'node_modules/electron-vite/bin/electron-vite.js');
    execFileSync(process.execPath, [electronVite, 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const started = performance.now();
  const results: ScenarioResult[] = [];
  for (const name of chosen) {
    console.log(`… ${name}`);
    const at = performance.now();
    try {
      const result = await scenarios[name]!(size);
      results.push({ ...result, figures: result.figures.map((f) => judge(f, size)) });
    } catch (error) {
      console.error(`${name} failed:`, error instanceof Error ? (error.stack ?? error.message) : error);
      const detail = String(error).slice(0, 200);
      const failed: Figure = { name: `${name} (did not finish)`, value: Number.NaN, unit: '×', goal: 0, detail, ok: false };
      results.push({ scenario: name, figures: [failed] });
    }
    console.log(`  ${name}: ${((performance.now() - at) / 1000).toFixed(1)} s`);
  }
  printTable(results, size);
  const missed = results.flatMap((r) => r.figures).filter((f) => f.ok === false);
  const seconds = (performance.now() - started) / 1000;
  const file = join(root, 'bench', 'results.json');
  mkdirSync(join(root, 'bench'), { recursive: true });
  const record = { date: new Date().toISOString(), size: size.name, tolerance: size.tolerance, machine: machine(), seconds, results };
  writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
  console.log(`\n${machine()}; ${seconds.toFixed(0)} s; written to bench/results.json`);
  console.log(missed.length === 0 ? 'Every goal met.' : `${missed.length} goal(s) missed: ${missed.map((f) => f.name).join('; ')}`);
  // Explicitly: a handle a scenario left open must not keep `npm run bench` from ending.
  process.exit(missed.length === 0 ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(2);
});
