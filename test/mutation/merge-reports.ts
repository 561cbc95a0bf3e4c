// Merges Stryker JSON reports of runs over parts of the module list (`--mutate a.ts,b.ts`) into one,
// to seed test/mutation/stryker-incremental.json without one long run. Test ids are per run, so each
// report's tests are named again by file and name; a test file found in several reports keeps the
// text of the last given (Stryker's incremental mode re-runs mutants whose tests changed since).
// Usage: npx tsx test/mutation/merge-reports.ts out.json first.json second.json ...
import { readFileSync, writeFileSync } from 'node:fs';

interface Mutant {
  coveredBy?: string[];
  killedBy?: string[];
  [key: string]: unknown;
}
interface TestDefinition {
  id: string;
  name: string;
  [key: string]: unknown;
}
interface Report {
  files: Record<string, { mutants: Mutant[]; [key: string]: unknown }>;
  testFiles?: Record<string, { tests: TestDefinition[]; source?: string }>;
  [key: string]: unknown;
}

const [out, ...inputs] = process.argv.slice(2);
if (!out || inputs.length === 0) {
  console.error('usage: merge-reports.ts out.json report.json [report.json ...]');
  process.exit(2);
}

const reports = inputs.map((file) => JSON.parse(readFileSync(file, 'utf8')) as Report);
const testIds = new Map<string, string>();
const testFiles: NonNullable<Report['testFiles']> = {};
const files: Report['files'] = {};
const idOf = (file: string, name: string) => {
  const key = `${file}\u0000${name}`;
  if (!testIds.has(key)) testIds.set(key, String(testIds.size));
  return testIds.get(key)!;
};

for (const report of reports) {
  const renamed = new Map<string, string>();
  for (const [file, { tests, source }] of Object.entries(report.testFiles ?? {})) {
    testFiles[file] = { source, tests: tests.map((t) => ({ ...t, id: idOf(file, t.name) })) };
    for (const t of tests) renamed.set(t.id, idOf(file, t.name));
  }
  const rename = (ids: string[] | undefined) => ids?.map((id) => renamed.get(id) ?? id);
  const renameTests = (m: Mutant): Mutant => ({ ...m, coveredBy: rename(m.coveredBy), killedBy: rename(m.killedBy) });
  for (const [file, result] of Object.entries(report.files)) files[file] = { ...result, mutants: result.mutants.map(renameTests) };
}

writeFileSync(out, JSON.stringify({ ...reports.at(-1), files, testFiles }, null, 2));
console.log(`${Object.keys(files).length} modules, ${testIds.size} tests from ${inputs.length} reports into ${out}`);
