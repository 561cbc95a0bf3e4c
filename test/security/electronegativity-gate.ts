// Doyensec's Electronegativity over the built app, as a gate: every finding above informational must
// be fixed or carry a reviewed justification (electronegativity-justified.json). Pure functions here;
// electronegativity.ts runs the tool and exits non-zero when this says so.
import { createRequire } from 'node:module';
import { contentSecurityPolicy } from '../../src-shared/csp';

export type Severity = 'INFORMATIONAL' | 'LOW' | 'MEDIUM' | 'HIGH';

export interface Finding {
  id: string;
  severity: Severity;
  /** Relative to the scanned folder (`main/index.js`), or where we found it (`src-shared/csp.ts`). */
  file: string;
  line: number;
  /** The source line the tool points at, trimmed (capped, for minified files). */
  code: string;
  description: string;
}

export interface Justification {
  id: string;
  file: string;
  /** The finding's source line exactly as the tool reports it: new code at the same check needs its own review. */
  code: string;
  /** The review, in lines (joined with spaces). */
  why: string[];
}

export interface JustifiedList {
  /** Checks not run at all, each with why (they need the network, or report nothing about our code). */
  excludedChecks: { check: string; why: string[] }[];
  findings: Justification[];
}

export interface GateVerdict {
  /** Above informational, neither fixed nor justified: each fails the run. */
  unjustified: Finding[];
  justified: { finding: Finding; why: string }[];
  /** Justifications that match no finding any more: the list must be kept true, so these fail too. */
  stale: Justification[];
  counts: Record<Severity, number>;
}

const maxCode = 240;

/** The tool's issue as we keep it; minified lines are cut around the column it names. */
export function toFinding(issue: {
  id: string;
  severity: { name: string };
  file: string;
  location: { line: number; column: number };
  sample?: string;
  description: string;
}): Finding {
  const sample = (issue.sample ?? '').trim();
  const code = sample.length <= maxCode ? sample : sample.slice(issue.location.column, issue.location.column + maxCode).trim();
  // Built assets carry a content hash (`index-BKJV4b6S.js`) that changes with every edit: a justification names the file without it.
  const file = issue.file.replace(/-[\w-]{8}(\.\w+)$/, '-[hash]$1');
  return { id: issue.id, severity: issue.severity.name as Severity, file, line: issue.location.line, code, description: issue.description };
}

export function judge(findings: readonly Finding[], list: JustifiedList): GateVerdict {
  const counts: Record<Severity, number> = { INFORMATIONAL: 0, LOW: 0, MEDIUM: 0, HIGH: 0 };
  const used = new Set<Justification>();
  const unjustified: Finding[] = [];
  const justified: GateVerdict['justified'] = [];
  for (const finding of findings) {
    counts[finding.severity] += 1;
    if (finding.severity === 'INFORMATIONAL') continue;
    const match = list.findings.find((j) => j.id === finding.id && j.file === finding.file && j.code === finding.code);
    if (match) {
      used.add(match);
      justified.push({ finding, why: match.why.join(' ') });
    } else {
      unjustified.push(finding);
    }
  }
  return { unjustified, justified, stale: list.findings.filter((j) => !used.has(j)), counts };
}

/**
 * The CSP the app sends as a header (the protocol handler and the harness), judged by the CSP
 * evaluator Electronegativity itself uses, with its grading: a high or medium finding is a weak
 * CSP, a "maybe" one a possibly weak CSP, both LOW. Electronegativity only sees a CSP in HTML or in
 * a few header-setting patterns, so without this it would judge none.
 */
export function headerCspFindings(): Finding[] {
  const require = createRequire(import.meta.url);
  const runner = require.resolve('@doyensec/electronegativity');
  const csp = createRequire(runner)('@doyensec/csp-evaluator') as CspEvaluatorModule;
  const parsed = new csp.CspParser(contentSecurityPolicy);
  const results = new csp.CspEvaluator(parsed.csp, csp.Version.CSP3).evaluate();
  const s = csp.severities;
  return results.flatMap((r) => {
    const weak = r.severity === s.HIGH || r.severity === s.MEDIUM;
    const maybe = r.severity === s.HIGH_MAYBE || r.severity === s.MEDIUM_MAYBE;
    if (!weak && !maybe) return [];
    return [
      {
        id: 'CSP_GLOBAL_CHECK',
        severity: 'LOW' as const,
        file: 'src-shared/csp.ts',
        line: 0,
        code: `${r.directive} ${r.value ?? ''}`.trim(),
        description: `${weak ? 'Weak' : 'Possibly weak'} CSP: ${r.description}`,
      },
    ];
  });
}

interface CspResult {
  severity: number;
  directive: string;
  value?: string;
  description: string;
}

interface CspEvaluatorModule {
  CspParser: new (text: string) => { csp: unknown };
  CspEvaluator: new (csp: unknown, version: unknown) => { evaluate(): CspResult[] };
  Version: { CSP3: unknown };
  severities: Record<'HIGH' | 'MEDIUM' | 'HIGH_MAYBE' | 'MEDIUM_MAYBE', number>;
}
