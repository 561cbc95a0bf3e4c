// Per-module mutation scores from Stryker's JSON report (stryker.config.mjs writes it). Stryker's own
// `break` threshold is one score for all files together; the rule here is 85% for each module, so a
// strong module cannot hide a weak one. Prints a table and exits 1 when a module is below.
import { readFileSync } from 'node:fs';

const GOAL = 85;
const reportPath = process.argv[2] ?? 'reports/mutation/mutation.json';

interface MutantResult {
  status: string;
}
interface Report {
  files: Record<string, { mutants: MutantResult[] }>;
}

/** Stryker's mutation score: killed (and timed out) over all valid mutants; no-coverage ones count as survivors. */
export function scoreOf(mutants: readonly MutantResult[]): { score: number; detected: number; valid: number; survived: number } {
  const count = (...statuses: string[]) => mutants.filter((m) => statuses.includes(m.status)).length;
  const detected = count('Killed', 'Timeout');
  const undetected = count('Survived', 'NoCoverage');
  const valid = detected + undetected;
  return { score: valid === 0 ? 100 : (100 * detected) / valid, detected, valid, survived: undetected };
}

const report = JSON.parse(readFileSync(reportPath, 'utf8')) as Report;
const rows = Object.entries(report.files)
  .map(([file, { mutants }]) => ({ file, ...scoreOf(mutants) }))
  .sort((a, b) => a.score - b.score);
const width = Math.max(...rows.map((r) => r.file.length));
for (const r of rows)
  console.log(`${r.file.padEnd(width)}  ${r.score.toFixed(1).padStart(5)}%  ${String(r.survived).padStart(3)} left of ${r.valid}`);
const low = rows.filter((r) => r.score < GOAL);
if (low.length) {
  console.error(`\nBelow ${GOAL}%: ${low.map((r) => r.file).join(', ')}`);
  process.exit(1);
}
console.log(`\nEvery module scores ${GOAL}% or more.`);
