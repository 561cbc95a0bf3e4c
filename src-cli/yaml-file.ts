// A YAML (or JSON: YAML reads it too) file checked with a zod schema, each problem named by the
// line and column it is on and its path in the file (`fleet.yaml:12:7 labels.eu.defaults.llm: …`).
import { readFileSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { AppError, type FieldIssue } from '../src-shared/errors';

export interface FileProblem {
  line: number;
  column: number;
  path: string;
  message: string;
}

/** A whole-file error: every problem as a field of the error, and the first ones in its message. */
export function fileError(file: string, problems: readonly FileProblem[]): AppError {
  const fromHere = relative(process.cwd(), file);
  const name = isAbsolute(file) && fromHere && !fromHere.startsWith('..') ? fromHere : file;
  const lines = problems.map((p) => `${name}:${p.line}:${p.column} ${p.path || '(file)'}: ${p.message}`);
  const fields: FieldIssue[] = problems.map((p) => ({ path: p.path, message: `line ${p.line}, column ${p.column}: ${p.message}` }));
  const shown = lines.slice(0, 10).join('\n  ');
  const more = lines.length > 10 ? `\n  … and ${lines.length - 10} more` : '';
  return new AppError('validation', `${name} does not fit its schema:\n  ${shown}${more}`, { fields, file: name });
}

/** Where `path` is in the document: the deepest node on it that exists (a missing key points at its parent). */
function positionOf(doc: Document, lines: LineCounter, path: readonly PropertyKey[]): { line: number; column: number } {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth) as unknown[], true);
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range) {
      const { line, col } = lines.linePos(range[0]);
      return { line, column: col };
    }
  }
  return { line: 1, column: 1 };
}

/** A file's text, or an error that names the file and why it cannot be read. */
export function readTextFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'there is no such file' : code === 'EACCES' ? 'it may not be read' : (code ?? 'unknown error');
    throw new AppError('not_found', `Cannot read ${path}: ${why}.`);
  }
}

/** Parses `text` as YAML and checks it with `schema`; throws one `validation` AppError naming every problem. */
export function parseYamlFile<S extends z.ZodType>(
  file: string,
  text: string,
  schema: S,
): { value: z.output<S>; locate(path: readonly PropertyKey[]): FileProblem } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw fileError(
      file,
      doc.errors.map((e) => ({
        line: e.linePos?.[0].line ?? 1,
        column: e.linePos?.[0].col ?? 1,
        path: '',
        message: e.message.split('\n')[0]!,
      })),
    );
  }
  const locate = (path: readonly PropertyKey[], message = ''): FileProblem => ({
    ...positionOf(doc, lines, path),
    path: path.map(String).join('.'),
    message,
  });
  const parsed = schema.safeParse(doc.toJS());
  if (!parsed.success)
    throw fileError(
      file,
      parsed.error.issues.map((issue) => locate(issue.path, issue.message)),
    );
  return { value: parsed.data, locate: (path) => locate(path) };
}
