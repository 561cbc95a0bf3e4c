// `npm run test:electronegativity`: Doyensec's Electronegativity over the build (out/), failing on
// any finding above informational that is neither fixed nor justified in
// test/security/electronegativity-justified.json, on a justification that no longer matches, and on
// a built file the tool could not parse (a file it skips is a blind spot, not a pass).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { headerCspFindings, judge, toFinding, type Finding, type JustifiedList } from './electronegativity-gate';

type Issue = Parameters<typeof toFinding>[0];
type ParseError = { file: string; message: string; tolerable: boolean };
type Run = (options: Record<string, unknown>, forCli?: boolean) => Promise<{ issues: Issue[]; errors: ParseError[] }>;

const require = createRequire(import.meta.url);
const input = resolve(process.argv[2] ?? 'out');
const listPath = join(import.meta.dirname, 'electronegativity-justified.json');

if (!existsSync(join(input, 'main', 'index.js'))) {
  console.error(`electronegativity: no build in ${input}. Run \`npm run build\` first.`);
  process.exit(1);
}

const list = JSON.parse(readFileSync(listPath, 'utf8')) as JustifiedList;
const toolVersion = (require('@doyensec/electronegativity/package.json') as { version: string }).version;
// out/ has no package.json to read the Electron version from: the one installed is the one built for.
const electronVersion = (require('electron/package.json') as { version: string }).version;
const run = require('@doyensec/electronegativity') as Run;

const scan = (dir: string) =>
  run({
    input: dir,
    isRelative: true,
    electronVersionOverride: electronVersion,
    excludeFromScan: list.excludedChecks.map((c) => c.check.toLowerCase()),
    customScan: [],
    parserPlugins: [],
  });

const result = await scan(input);
// The tool's parsers predate some of the syntax our bundles use (class private fields): such a file
// is lowered to ES2019 by TypeScript and scanned again, so no built file goes unread. Only the atomic
// findings of that second pass count; its global checks saw a folder without the main process.
const failed = result.errors.filter((e) => !e.tolerable).map((e) => e.file);
const lowered = failed.length ? await scan(lowerToEs2019(input, failed)) : { issues: [], errors: [] };
const issues = [...result.issues, ...lowered.issues.filter((i) => i.file !== 'N/A')];
const unparsed = lowered.errors.filter((e) => !e.tolerable);

const findings: Finding[] = [...issues.map(toFinding), ...headerCspFindings()];
const verdict = judge(findings, list);

const where = (f: Finding) => `${f.file}${f.line ? `:${f.line}` : ''}`;
const indent = '\n           ';
for (const { finding: f, why } of verdict.justified) console.log(`justified  ${f.severity} ${f.id} ${where(f)}${indent}${why}`);
for (const f of verdict.unjustified) {
  console.error(`FINDING    ${f.severity} ${f.id} ${where(f)}: ${f.description}${indent}${f.code}`);
}
for (const j of verdict.stale) {
  console.error(`STALE      ${j.id} ${j.file}: no finding has this code any more; remove or update it.${indent}${j.code}`);
}
for (const e of unparsed) console.error(`UNPARSED   ${e.file}: ${e.message}`);

const c = verdict.counts;
const above = (s: 'HIGH' | 'MEDIUM' | 'LOW') => verdict.unjustified.filter((f) => f.severity === s).length;
console.log(
  `electronegativity ${toolVersion} on ${input} (Electron ${electronVersion}): ` +
    `found ${c.HIGH} high, ${c.MEDIUM} medium, ${c.LOW} low, ${c.INFORMATIONAL} informational; ` +
    `unjustified ${above('HIGH')} high, ${above('MEDIUM')} medium, ${above('LOW')} low; ` +
    `${verdict.justified.length} justified, ${verdict.stale.length} stale; ` +
    `${failed.length} files lowered to ES2019, ${unparsed.length} not parsed.`,
);
if (verdict.unjustified.length || verdict.stale.length || unparsed.length) {
  console.error(`electronegativity: fix each finding above, or justify it in ${listPath} (id, file, code, why) for review.`);
  process.exit(1);
}

/** Copies of `files` (absolute, under `root`) at the same relative paths in a new folder, lowered to ES2019. */
function lowerToEs2019(root: string, files: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'byom-electronegativity-'));
  for (const file of files) {
    const target = join(dir, relative(root, file));
    mkdirSync(dirname(target), { recursive: true });
    const options = { target: ts.ScriptTarget.ES2019, module: ts.ModuleKind.ESNext, allowJs: true };
    writeFileSync(target, ts.transpileModule(readFileSync(file, 'utf8'), { compilerOptions: options, fileName: file }).outputText);
  }
  return dir;
}
