// The Electronegativity gate's verdict: what fails the run and what a justification covers.
import { describe, expect, it } from 'vitest';
import { headerCspFindings, judge, toFinding, type Finding, type JustifiedList } from './electronegativity-gate';

const issue = (id: string, severity: string, file: string, sample: string) =>
  toFinding({ id, severity: { name: severity }, file, location: { line: 7, column: 0 }, sample, description: id });

const openExternal = issue('OPEN_EXTERNAL_JS_CHECK', 'MEDIUM', 'main/index.js', '  return { opened: await deps.openExternal(url) };  ');
const list: JustifiedList = {
  excludedChecks: [],
  findings: [
    {
      id: 'OPEN_EXTERNAL_JS_CHECK',
      file: 'main/index.js',
      code: 'return { opened: await deps.openExternal(url) };',
      why: ['behind the https schema'],
    },
  ],
};

describe('the Electronegativity gate', () => {
  it('passes a finding justified by id, file and its exact line', () => {
    const verdict = judge([openExternal], list);
    expect(verdict.unjustified).toEqual([]);
    expect(verdict.justified.map((j) => j.why)).toEqual(['behind the https schema']);
  });

  it('fails a new finding of a justified check on another line: each call needs its own review', () => {
    const another = issue('OPEN_EXTERNAL_JS_CHECK', 'MEDIUM', 'main/index.js', 'shell.openExternal(userInput);');
    expect(judge([openExternal, another], list).unjustified).toEqual([another]);
  });

  it('fails every unjustified finding above informational, and ignores informational ones', () => {
    const severities = ['HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'];
    const findings: Finding[] = severities.map((s) => issue('CONTEXT_ISOLATION_JS_CHECK', s, 'main/index.js', 'new BrowserWindow(o)'));
    const verdict = judge(findings, { excludedChecks: [], findings: [] });
    expect(verdict.unjustified.map((f) => f.severity)).toEqual(['HIGH', 'MEDIUM', 'LOW']);
    expect(verdict.counts).toEqual({ HIGH: 1, MEDIUM: 1, LOW: 1, INFORMATIONAL: 1 });
  });

  it('fails a justification that matches nothing any more, so the list stays true', () => {
    expect(judge([], list).stale).toEqual(list.findings);
  });

  it('names a built asset without its content hash, so a rebuild keeps its justification', () => {
    expect(issue('X', 'LOW', 'renderer/assets/index-BKJV4b6S.js', 'eval(x)').file).toBe('renderer/assets/index-[hash].js');
  });

  it('judges the header CSP with the tool’s own evaluator: only its generic caution about self remains', () => {
    expect(headerCspFindings().map((f) => `${f.severity} ${f.code}`)).toEqual(["LOW script-src 'self'"]);
  });
});
