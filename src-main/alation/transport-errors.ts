// Failures with no HTTP answer (DNS, the socket, TLS, timeouts, cancellation) as AppErrors a person
// can act on, and whether a failed write may still have reached the tenant.
import { AppError, type ErrorDetails } from '../../src-shared/errors';

/** Where a failure happened; the method and path (no query) go into the error's details. */
export interface CallSite {
  /** Absent for a bare connection (the connection test's handshake). */
  method?: string;
  path?: string;
  /** host:port, for network and TLS messages. */
  host: string;
}

export function cancelledError(): AppError {
  return new AppError('cancelled', 'The request was cancelled.');
}

export function isCancelled(e: unknown): boolean {
  return e instanceof AppError && e.code === 'cancelled';
}

/** The method and path of a call site, as error details (none for a bare connection). */
// (An undefined method or path would be dropped when the error is sent anyway.)
export const siteDetails = (s: CallSite): ErrorDetails =>
  // Stryker disable next-line ConditionalExpression,LogicalOperator: a call site names both or neither
  s.method !== undefined && s.path !== undefined ? { method: s.method, path: s.path } : {};

export function timeoutError(s: CallSite, ms: number, phase: 'connect' | 'request'): AppError {
  const secs = Math.max(1, Math.round(ms / 1000));
  const message =
    phase === 'connect'
      ? `Could not connect to ${s.host} within ${secs} s. Check the tenant URL and your network or VPN; the tenant may be down.`
      : `The tenant did not answer ${s.method} ${s.path} within ${secs} s. Try again; if it keeps happening, the tenant may be overloaded.`;
  return new AppError('timeout', message, { ...siteDetails(s), phase });
}

const TLS_UNTRUSTED = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'CERT_CHAIN_TOO_LONG',
  'INVALID_CA',
]);
const TLS_EXPIRED = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);
const TLS_NAME = new Set(['ERR_TLS_CERT_ALTNAME_INVALID', 'HOSTNAME_MISMATCH']);
// A TLS failure the sets above do not name: a protocol mismatch (http spoken to an https port: EPROTO,
// ERR_SSL_WRONG_VERSION_NUMBER), or any other ERR_SSL_ or ERR_TLS_ code.
const isOtherTlsFailure = (code: string) => code === 'EPROTO' || code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_');

const DNS = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'EAI_NODATA']);
const REFUSED = new Set(['ECONNREFUSED']);
const UNREACHABLE = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN', 'EADDRNOTAVAIL']);
const DROPPED = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ERR_STREAM_PREMATURE_CLOSE']);

/**
 * The most specific error `code` on the error, its causes, or (happy eyeballs) its aggregated
 * errors: undici wraps socket errors in its own generic UND_ERR_SOCKET.
 */
export function errorCode(e: unknown): string | undefined {
  const codes: string[] = [];
  let cur: unknown = e;
  for (let depth = 0; depth < 6 && typeof cur === 'object' && cur !== null; depth++) {
    const { code, cause, errors } = cur as { code?: unknown; cause?: unknown; errors?: unknown };
    if (typeof code === 'string') codes.push(code);
    cur = cause ?? (Array.isArray(errors) ? errors[0] : undefined);
  }
  return codes.find((c) => c !== 'UND_ERR_SOCKET') ?? codes[0];
}

/** Failures that happen before a request leaves this computer: the tenant cannot have acted on it. */
// (A connect timeout is never sent either; it is a timeout of phase connect, not a network error.)
const NEVER_SENT = new Set([...DNS, ...REFUSED, ...UNREACHABLE]);

/**
 * Whether a failed write may still have been carried out by the tenant: the answer was lost (reset,
 * timeout after sending, a 5xx from a proxy, a garbled 2xx), as opposed to a request that never
 * left (DNS, refused, TLS) or one the tenant answered with a refusal. Before reporting such a
 * failure, look on the tenant for what may have landed.
 */
export function mayHaveReachedTenant(error: unknown): boolean {
  if (!(error instanceof AppError)) return false;
  switch (error.code) {
    case 'timeout':
      return error.details?.phase !== 'connect';
    case 'network':
      return !NEVER_SENT.has(String(error.details?.cause));
    case 'server':
      return error.details?.status !== 429;
    case 'bad_response':
      return true;
    default:
      // tls (the handshake failed before the request was sent), and the tenant's own refusals.
      return false;
  }
}

/** Retrying makes sense for these: the next attempt may well get through. */
export function isTransientNetwork(e: unknown): boolean {
  return e instanceof AppError && e.code === 'network' && e.details?.retryable === true;
}

/** Maps a socket / DNS / TLS failure (no HTTP answer) to an AppError. */
export function transportError(e: unknown, s: CallSite): AppError {
  if (e instanceof AppError) return e;
  const code = errorCode(e);
  const details: ErrorDetails = { ...siteDetails(s), ...(code ? { cause: code } : {}) };
  const host = s.host.replace(/:\d+$/, '');
  if (code && TLS_UNTRUSTED.has(code)) {
    return new AppError(
      'tls',
      `The TLS certificate of ${host} is not trusted (self-signed or issued by an unknown CA). If the tenant ` +
        `uses a private CA or your network inspects TLS, add that CA certificate (PEM) to this profile.`,
      details,
    );
  }
  if (code && TLS_EXPIRED.has(code)) {
    return new AppError(
      'tls',
      `The TLS certificate of ${host} has expired or is not valid yet. Check this ` +
        `computer's date and time; otherwise the tenant's certificate must be renewed.`,
      details,
    );
  }
  if (code && TLS_NAME.has(code)) {
    return new AppError(
      'tls',
      `The TLS certificate of ${host} is for a different host name. Check the tenant URL: use the exact domain the tenant is served on.`,
      details,
    );
  }
  if (code && isOtherTlsFailure(code)) {
    return new AppError(
      'tls',
      `The TLS handshake with ${s.host} failed. Check that the URL uses the right scheme and port (https) and that no proxy interferes.`,
      details,
    );
  }
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return new AppError(
      'timeout',
      `The tenant did not answer ${s.method ?? 'the request'} ${s.path ?? ''} ` +
        `in time. Try again; if it keeps happening, the tenant may be overloaded.`,
      {
        ...details,
        phase: 'request',
      },
    );
  }
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ETIMEDOUT') {
    return new AppError(
      'timeout',
      `Could not connect to ${s.host} in time. Check the tenant URL and your network or VPN; the tenant may be down.`,
      { ...details, phase: 'connect' },
    );
  }
  if (code && DNS.has(code)) {
    return new AppError(
      'network',
      `The host name ${host} could not be found (DNS). Check the spelling of the tenant URL, and your network or VPN.`,
      { ...details, retryable: code === 'EAI_AGAIN' },
    );
  }
  if (code && REFUSED.has(code)) {
    return new AppError('network', `Nothing accepts connections at ${s.host}. Check the tenant URL and port, and whether you need a VPN.`, {
      ...details,
      retryable: true,
    });
  }
  if (code && UNREACHABLE.has(code)) {
    return new AppError('network', `${s.host} cannot be reached from this computer. Check your network connection or VPN.`, {
      ...details,
      retryable: true,
    });
  }
  if (code && DROPPED.has(code)) {
    return new AppError(
      'network',
      `The connection to ${s.host} was closed before the answer arrived. Try again; a proxy or firewall may be interfering.`,
      { ...details, retryable: true },
    );
  }
  return new AppError(
    'network',
    `Could not talk to ${s.host}${code ? ` (${code})` : ''}. Check your network connection and the tenant URL.`,
    { ...details, retryable: false },
  );
}
