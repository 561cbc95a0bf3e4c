import { AppError } from '../../src-shared/errors';

/** The AppError a promise rejects with; anything else (or success) fails the test. */
export async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected a failure');
}
