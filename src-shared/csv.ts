// CSV as RFC 4180 writes it (CRLF line ends, quoted cells where needed), for every export.

export type CsvValue = string | number | boolean | null;

/**
 * One CSV cell (RFC 4180). A cell a spreadsheet would run as a formula (a config named
 * `=HYPERLINK(...)` on a tenant) is prefixed with an apostrophe, as OWASP advises.
 */
export function csvCell(value: CsvValue): string {
  let text = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A header line of the column names, then one line per record, each ending in CRLF. */
export function csvText<R extends { [K in keyof R]: CsvValue }>(columns: readonly (keyof R & string)[], records: readonly R[]): string {
  const lines = [columns.join(',')];
  for (const record of records) lines.push(columns.map((c) => csvCell(record[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
