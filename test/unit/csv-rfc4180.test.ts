// README, Audit log and Inventory: exports are CSV "RFC 4180, CRLF, the inventory's CSV writer". What
// the writer (src-shared/csv.ts) makes is read back by a parser written here from RFC 4180, section 2,
// and a cell a spreadsheet would run as a formula is never written as one.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src-shared/audit';
import { auditToCsv, auditToJson } from '../../src-shared/audit-export';
import { csvCell, csvText } from '../../src-shared/csv';

/** RFC 4180: records end in CRLF; a field with a quote, comma, CR or LF is quoted, its quotes doubled. */
function parseRfc4180(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"' && field === '') {
      // A quoted field: up to the quote that is not doubled.
      i += 1;
      for (;;) {
        if (i >= text.length) throw new Error('a quoted field is not closed');
        if (text[i] === '"' && text[i + 1] === '"') {
          field += '"';
          i += 2;
        } else if (text[i] === '"') break;
        else field += text[i++];
      }
      i += 1;
      if (i < text.length && text[i] !== ',' && !text.startsWith('\r\n', i)) throw new Error(`text after a closing quote at ${i}`);
      continue;
    }
    if (text[i] === ',') {
      record.push(field);
      field = '';
      i += 1;
    } else if (text.startsWith('\r\n', i)) {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 2;
    } else if (text[i] === '"' || text[i] === '\r' || text[i] === '\n') {
      throw new Error(`a bare ${JSON.stringify(text[i])} in an unquoted field at ${i}`);
    } else {
      field += text[i++];
    }
  }
  if (field !== '' || record.length) throw new Error('the last record does not end in CRLF');
  return records;
}

/** What a spreadsheet would run: a cell starting with one of these (OWASP, CSV injection). */
const formulaStart = /^[=+\-@\t\r]/;

describe('CSV (RFC 4180)', () => {
  it('quotes what needs quoting, doubles quotes, and ends every record, the last too, in CRLF', () => {
    const text = csvText(
      ['name', 'note', 'n'],
      [
        { name: 'plain', note: 'say "hi"', n: 1 },
        { name: 'a,b', note: 'line 1\r\nline 2', n: null },
        { name: 'lf\nonly', note: 'cr\ronly', n: true },
      ],
    );
    expect(text).toBe('name,note,n\r\nplain,"say ""hi""",1\r\n"a,b","line 1\r\nline 2",\r\n"lf\nonly","cr\ronly",true\r\n');
  });

  it('never writes a cell a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("https://evil.example","click")')).toBe(`"'=HYPERLINK(""https://evil.example"",""click"")"`);
    expect(csvCell('+1+1')).toBe("'+1+1");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('\rx')).toBe(`"'\rx"`);
    // Only at the start: an = inside is text.
    expect(csvCell('a=b')).toBe('a=b');
  });

  it('reads back, cell for cell, whatever was written: quotes, commas, CR, LF, any text', () => {
    const tricky = fc.string({ unit: fc.constantFrom('"', ',', '\r', '\n', 'a', ' ', '=', '+', '-', '@', '\t', 'é', '✓') });
    const cell = fc.oneof(tricky, fc.string(), fc.integer(), fc.boolean(), fc.constant(null));
    fc.assert(
      fc.property(fc.array(fc.tuple(cell, cell, cell), { minLength: 1, maxLength: 8 }), (rows) => {
        const records = rows.map(([a, b, c]) => ({ a, b, c }));
        const parsed = parseRfc4180(csvText(['a', 'b', 'c'], records));
        expect(parsed[0]).toEqual(['a', 'b', 'c']);
        expect(parsed.slice(1)).toEqual(
          records.map((r) =>
            [r.a, r.b, r.c].map((v) => {
              const text = v === null ? '' : String(v);
              return formulaStart.test(text) ? `'${text}` : text;
            }),
          ),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('is what the audit export writes, for a tenant name and a message a user or a tenant chose', () => {
    const entry: AuditEntry = {
      id: randomUUID(),
      at: '2026-12-01T10:00:00.000Z',
      tenantId: randomUUID(),
      tenantName: '=cmd|" /C calc"!A0',
      environment: 'staging',
      action: 'config.create',
      objects: [{ kind: 'config', id: 'cfg-1', name: 'GPT-4o, "team"' }],
      outcome: 'failed',
      errorCode: 'server',
      message: 'The tenant said:\n"quota, exceeded"',
      source: 'setup',
    };
    const [header, row, ...rest] = parseRfc4180(auditToCsv([entry]));
    expect(rest).toEqual([]);
    const cells = Object.fromEntries(header!.map((name, i) => [name, row![i]]));
    expect(cells).toMatchObject({ tenant: `'=cmd|" /C calc"!A0`, message: 'The tenant said:\n"quota, exceeded"', outcome: 'failed' });
    expect(cells.objects).toContain('GPT-4o, "team"');
  });

  it('puts every field of an audit entry in its own column, and the filter beside the entries in JSON', () => {
    const entry: AuditEntry = {
      id: '6f1d3c52-95a4-4b6e-8a39-0d8f1f9e2a11',
      at: '2026-12-01T10:00:00.000Z',
      tenantId: '0b6f4f4e-8a61-4c1e-9f5e-2d2b1b7f3c11',
      tenantName: 'Acme',
      environment: 'production',
      action: 'config.update',
      objects: [
        { kind: 'config', id: 'cfg-1', name: 'Support GPT' },
        { kind: 'agent', id: null, name: null },
      ],
      outcome: 'ok',
      source: 'rotation',
      jobId: 'job-7',
    };
    const [header, row] = parseRfc4180(auditToCsv([entry]));
    expect(Object.fromEntries(header!.map((name, i) => [name, row![i]]))).toEqual({
      at: '2026-12-01T10:00:00.000Z',
      tenant: 'Acme',
      tenantId: '0b6f4f4e-8a61-4c1e-9f5e-2d2b1b7f3c11',
      environment: 'production',
      action: 'config.update',
      objects: 'config “Support GPT” (cfg-1); agent',
      outcome: 'ok',
      errorCode: '',
      message: '',
      source: 'rotation',
      jobId: 'job-7',
      id: '6f1d3c52-95a4-4b6e-8a39-0d8f1f9e2a11',
    });
    const unfinished = { ...entry, jobId: undefined };
    expect(parseRfc4180(auditToCsv([unfinished]))[1]![header!.indexOf('jobId')]).toBe('');
    const json = auditToJson([entry], { outcomes: ['ok'] }, '2026-12-02T08:00:00.000Z');
    expect(JSON.parse(json)).toEqual({ exportedAt: '2026-12-02T08:00:00.000Z', filter: { outcomes: ['ok'] }, entries: [entry] });
    expect(json.endsWith('}\n')).toBe(true);
  });
});
