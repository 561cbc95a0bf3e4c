import type { z } from 'zod';
import { AppError, type FieldIssue } from './errors';

export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

/** A zod failure as the typed validation error every screen knows how to show. */
export function validationError(error: z.ZodError, what = 'The request'): AppError {
  const fields = fieldIssues(error);
  const first = fields[0];
  const summary = first ? (first.path ? `${first.path}: ${first.message}` : first.message) : 'invalid input';
  const more = fields.length > 1 ? ` (and ${fields.length - 1} more)` : '';
  return new AppError('validation', `${what} was refused: ${summary}${more}.`, { fields });
}
