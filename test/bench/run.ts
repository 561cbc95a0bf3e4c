// `npm run bench`: runs every `*.bench.ts` in this folder in turn, in one process, and exits
// non-zero when any target is missed (or a benchmark fails outright). Each benchmark states its
// targets as ratios (or per-call figures) measured within the same run, never as absolute wall
// times of one machine, so the run means the same on a laptop and on CI.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface BenchTarget {
  /** What is promised, e.g. `25 tenants / slowest alone <= 4`. */
  name: string;
  ok: boolean;
  /** The measured figure, e.g. `2.13`. */
  measured: string;
}

export interface BenchOutcome {
  name: string;
  targets: BenchTarget[];
}

/** What a `*.bench.ts` exports as its default. */
export type Bench = () => Promise<BenchOutcome>;

/** For a benchmark run on its own (`tsx test/bench/x.bench.ts`): prints its targets, sets the exit code. */
export function reportStandalone(outcome: BenchOutcome): void {
  printTargets([outcome]);
  if (outcome.targets.some((t) => !t.ok)) process.exitCode = 1;
}

function printTargets(outcomes: BenchOutcome[]): void {
  console.log('\nTargets');
  for (const o of outcomes) {
    for (const t of o.targets) console.log(`  ${t.ok ? 'ok    ' : 'MISSED'}  ${o.name}: ${t.name} (measured ${t.measured})`);
  }
}

async function main(): Promise<void> {
  const dir = import.meta.dirname;
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.bench.ts'))
    .sort();
  const outcomes: BenchOutcome[] = [];
  let failures = 0;
  for (const file of files) {
    console.log(`\n== ${file}`);
    try {
      const module = (await import(pathToFileURL(join(dir, file)).href)) as { default?: Bench };
      if (typeof module.default !== 'function') throw new Error(`${file} has no default export (a Bench)`);
      outcomes.push(await module.default());
    } catch (error) {
      failures += 1;
      console.error(`${file} failed:`, error instanceof Error ? (error.stack ?? error.message) : error);
      outcomes.push({ name: file, targets: [{ name: 'ran to the end', ok: false, measured: 'failed' }] });
    }
  }
  printTargets(outcomes);
  const missed = outcomes.flatMap((o) => o.targets).filter((t) => !t.ok).length;
  console.log(missed === 0 ? `\nAll targets met (${files.length} benchmarks).` : `\n${missed} target(s) missed${failures ? `, ${failures} benchmark(s) failed` : ''}.`);
  // Explicitly: a benchmark that left a handle open must not keep `npm run bench` from ending.
  process.exit(missed === 0 ? 0 : 1);
}

// Only when run (`tsx test/bench/run.ts`), not when a benchmark imports `reportStandalone`. No
// top-level await: the benchmarks import this module, and a cycle through a module still awaiting
// would never settle.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
