import type { z } from 'zod';
import { AppError, type FieldIssue } from './errors';

/**
 * An answer's bounds: a refused input can be megabytes (an array of 20,000 wrong items, a message
 * that quotes what was typed), and an error that echoes it all would be a second copy of it in the
 * page and the log. Found by test/integration/ipc-fuzz.test.ts.
 */
const maxFields = 20;
const maxText = 300;
const clip = (text: string) => (text.length > maxText ? `${text.slice(0, maxText)}…` : text);

/** The first issues (`maxFields`), each path and message at most `maxText` characters. */
export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.slice(0, maxFields).map((issue) => ({ path: clip(issue.path.map(String).join('.')), message: clip(issue.message) }));
}

/** A zod failure as the typed validation error every screen knows how to show. */
export function validationError(error: z.ZodError, what = 'The request'): AppError {
  const fields = fieldIssues(error);
  const first = fields[0];
  const summary = first ? (first.path ? `${first.path}: ${first.message}` : first.message) : 'invalid input';
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : '';
  return new AppError('validation', `${what} was refused: ${summary}${more}.`, { fields });
}

/**
 * The input checked with its schema, never throwing: a hostile value can make a schema's own check
 * throw (zod reads `.length` of an object whose `length` has no prototype, and converting it to a
 * number throws a TypeError, found by the IPC fuzz). Such an input is refused like any other bad one.
 */
export function parseInput(
  schema: z.ZodType,
  rawInput: unknown,
): { success: true; data: unknown } | { success: false; error?: z.ZodError } {
  try {
    return schema.safeParse(rawInput);
  } catch {
    return { success: false };
  }
}
