// Errors are values that cross the process boundary: a code a screen can branch on, a message a
// person can act on, and optional structured details. Never a stack trace, never a secret.

export const errorCodes = [
  'validation',
  'untrusted_sender',
  'unknown_channel',
  'keychain_unavailable',
  'keychain_locked',
  'storage',
  'not_found',
  'conflict',
  'network',
  'timeout',
  'tls',
  'unauthorized',
  /** A browser sign-in's refresh token was refused or expired: the person must sign in again. */
  'sign_in_required',
  'forbidden',
  'server',
  'bad_response',
  'cancelled',
  'unsupported',
  'internal',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

/** One problem with one input field; `path` is dotted (`auth.clientSecret`), empty for the whole input. */
export interface FieldIssue {
  path: string;
  message: string;
  /** The values the other side accepts here, when it said (a refused feature key's valid keys). */
  allowed?: string[];
}

export interface ErrorDetails {
  fields?: FieldIssue[];
  [key: string]: unknown;
}

/** The serializable form of an error, as a screen receives it. */
export interface AppErrorShape {
  code: ErrorCode;
  message: string;
  details?: ErrorDetails;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: ErrorDetails;

  constructor(code: ErrorCode, message: string, details?: ErrorDetails) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    if (details !== undefined) this.details = details;
  }

  toShape(): AppErrorShape {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function isAppErrorShape(value: unknown): value is AppErrorShape {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.message === 'string' && (errorCodes as readonly unknown[]).includes(v.code);
}

/** Any failure as a shape a screen can show; an unexpected one says nothing of itself (it may hold a secret). */
export function errorShapeOf(error: unknown): AppErrorShape {
  if (error instanceof AppError) return error.toShape();
  if (isAppErrorShape(error)) return error;
  return { code: 'internal', message: 'This step failed unexpectedly. Try again; if it keeps happening, restart the app.' };
}

/** The outcome of one bridge call, as it travels over IPC or HTTP. */
export type CallResult<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape };
