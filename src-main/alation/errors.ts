// Turns every way a tenant call can fail into an AppError a person can act on. Text taken from the
// server goes through `sanitize` (known secrets blanked, length capped) before it is kept anywhere.
import type { z } from 'zod';
import { AppError, type ErrorDetails, type FieldIssue } from '../../src-shared/errors';
import { tryParseJson } from '../../src-shared/json';

export type Sanitize = (text: string) => string;

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

const site = (s: CallSite): ErrorDetails => (s.method !== undefined && s.path !== undefined ? { method: s.method, path: s.path } : {});

export function timeoutError(s: CallSite, ms: number, phase: 'connect' | 'request'): AppError {
  const secs = Math.max(1, Math.round(ms / 1000));
  const message =
    phase === 'connect'
      ? `Could not connect to ${s.host} within ${secs} s. Check the tenant URL and your network or VPN; the tenant may be down.`
      : `The tenant did not answer ${s.method} ${s.path} within ${secs} s. Try again; if it keeps happening, the tenant may be overloaded.`;
  return new AppError('timeout', message, { ...site(s), phase });
}

// ---------------------------------------------------------------------------------------- transport

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
const TLS_PROTOCOL = new Set(['ERR_SSL_WRONG_VERSION_NUMBER', 'EPROTO', 'ERR_SSL_PACKET_LENGTH_TOO_LONG']);

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

export function isTlsCode(code: string | undefined): boolean {
  return code !== undefined && (TLS_UNTRUSTED.has(code) || TLS_EXPIRED.has(code) || TLS_NAME.has(code) || TLS_PROTOCOL.has(code) || code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_'));
}

/** Failures that happen before a request leaves this computer: the tenant cannot have acted on it. */
const NEVER_SENT = new Set([...DNS, ...REFUSED, ...UNREACHABLE, 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * Whether a failed write may still have been carried out by the tenant: the answer was lost (reset,
 * timeout after sending, a 5xx from a proxy, a garbled 2xx), as opposed to a request that never
 * left (DNS, refused, TLS) or one the tenant answered with a refusal. Before reporting such a
 * failure, look on the tenant for what may have landed.
 */
export function mayHaveReachedTenant(error: unknown): boolean {
  if (!(error instanceof AppError)) return false;
  const cause = typeof error.details?.cause === 'string' ? error.details.cause : undefined;
  switch (error.code) {
    case 'timeout':
      return error.details?.phase !== 'connect';
    case 'network':
      return !(cause !== undefined && NEVER_SENT.has(cause));
    case 'tls':
      return false;
    case 'server':
      return error.details?.status !== 429;
    case 'bad_response':
      return true;
    default:
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
  const details: ErrorDetails = { ...site(s), ...(code ? { cause: code } : {}) };
  const host = s.host.replace(/:\d+$/, '');
  if (code && TLS_UNTRUSTED.has(code)) {
    return new AppError(
      'tls',
      `The TLS certificate of ${host} is not trusted (self-signed or issued by an unknown CA). If the tenant uses a private CA or your network inspects TLS, add that CA certificate (PEM) to this profile.`,
      details,
    );
  }
  if (code && TLS_EXPIRED.has(code)) {
    return new AppError(
      'tls',
      `The TLS certificate of ${host} has expired or is not valid yet. Check this computer's date and time; otherwise the tenant's certificate must be renewed.`,
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
  if (isTlsCode(code)) {
    return new AppError(
      'tls',
      `The TLS handshake with ${s.host} failed. Check that the URL uses the right scheme and port (https) and that no proxy interferes.`,
      details,
    );
  }
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return new AppError('timeout', `The tenant did not answer ${s.method ?? 'the request'} ${s.path ?? ''} in time. Try again; if it keeps happening, the tenant may be overloaded.`, {
      ...details,
      phase: 'request',
    });
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
    return new AppError(
      'network',
      `Nothing accepts connections at ${s.host}. Check the tenant URL and port, and whether you need a VPN.`,
      { ...details, retryable: true },
    );
  }
  if (code && UNREACHABLE.has(code)) {
    return new AppError(
      'network',
      `${s.host} cannot be reached from this computer. Check your network connection or VPN.`,
      { ...details, retryable: true },
    );
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

// ---------------------------------------------------------------------------------------- HTTP answers

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export function header(res: RawResponse, name: string): string | undefined {
  const v = res.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

export function looksLikeHtml(res: RawResponse): boolean {
  const type = header(res, 'content-type') ?? '';
  return /html/i.test(type) || /^\s*<(!doctype|html|head|body|\?xml)/i.test(res.text);
}


const LOC_PREFIXES = new Set(['body', 'query', 'path', 'header', 'cookie']);

/**
 * FastAPI's `detail` list of `{loc, msg, type}` (Pydantic may add `input` and `ctx`, which can echo
 * a secret: only loc and msg are read), or a DRF-style `{field: [messages]}` object.
 */
export function fieldIssues(body: unknown, sanitize: Sanitize): FieldIssue[] | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const detail = (body as { detail?: unknown }).detail;
  if (Array.isArray(detail)) {
    const out: FieldIssue[] = [];
    for (const item of detail) {
      if (typeof item !== 'object' || item === null) continue;
      const { loc, msg, ctx } = item as { loc?: unknown; msg?: unknown; ctx?: unknown };
      const parts = Array.isArray(loc) ? loc.map(String) : [];
      if (parts.length > 0 && LOC_PREFIXES.has(parts[0]!)) parts.shift();
      // Of `ctx`, only a list of accepted values is read (other keys may echo the input).
      const valid = (ctx as { valid_keys?: unknown } | undefined)?.valid_keys;
      const allowed = Array.isArray(valid) ? valid.filter((v): v is string => typeof v === 'string').slice(0, 100).map(sanitize) : undefined;
      out.push({ path: sanitize(parts.join('.')), message: sanitize(typeof msg === 'string' ? msg : 'Invalid value'), ...(allowed ? { allowed } : {}) });
    }
    return out.length > 0 ? out : undefined;
  }
  if (detail === undefined && !Array.isArray(body)) {
    const entries = Object.entries(body as Record<string, unknown>);
    if (entries.length > 0 && entries.every(([, v]) => Array.isArray(v) && v.every((m) => typeof m === 'string'))) {
      return entries.map(([k, v]) => ({ path: sanitize(k), message: sanitize((v as string[]).join(' ')) }));
    }
  }
  return undefined;
}

/** The server's own words: `detail`, `error_description`, `message` or `error`, when a string. */
export function serverMessage(body: unknown, sanitize: Sanitize): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const b = body as Record<string, unknown>;
  for (const key of ['detail', 'error_description', 'message', 'error']) {
    const v = b[key];
    if (typeof v === 'string' && v.trim() !== '') return sanitize(v.trim());
  }
  return undefined;
}

export interface HttpErrorContext extends CallSite {
  sanitize: Sanitize;
  /** What to say for a 401, which depends on the authentication method and the endpoint. */
  unauthorized: string;
  /** Retries already spent, for the 429/5xx messages. */
  retries?: number;
}

const withServer = (message: string, server: string | undefined): string =>
  server ? `${message} The tenant said: "${server}"` : message;

/** Maps a non-2xx HTTP answer to an AppError. */
export function httpError(res: RawResponse, c: HttpErrorContext): AppError {
  const status = res.status;
  const base: ErrorDetails = { status, ...site(c) };
  const html = looksLikeHtml(res);
  const parsed = html ? undefined : tryParseJson(res.text);
  const body = parsed?.ok ? parsed.value : undefined;
  const said = serverMessage(body, c.sanitize);
  const details: ErrorDetails = said ? { ...base, serverMessage: said } : base;
  const call = `${c.method} ${c.path}`;

  if (status === 401) return new AppError('unauthorized', c.unauthorized, base);
  if (status === 403) {
    return new AppError(
      'forbidden',
      withServer(
        `The tenant refused ${call} (403 Forbidden): the account or OAuth client of this profile lacks the permission. Use an account with Server Admin rights for Alation AI, or ask the tenant admin to grant it.`,
        said,
      ),
      details,
    );
  }
  if (html) {
    const where =
      status >= 300 && status < 400
        ? 'a redirect'
        : `an HTML page (status ${status})`;
    return new AppError(
      'bad_response',
      `The tenant answered ${call} with ${where} instead of the AI API's JSON. A proxy, gateway or login page may be in the way, or the URL is not the tenant's address. Check the tenant URL; if it is right, try again later.`,
      base,
    );
  }
  if (status >= 300 && status < 400) {
    return new AppError(
      'bad_response',
      `The tenant answered ${call} with a redirect (${status}). Use the tenant's https origin as the URL, without a path.`,
      base,
    );
  }
  if (status === 404) {
    return new AppError(
      'not_found',
      withServer(
        `Not found: ${call} (404). It may have been deleted meanwhile: refresh and try again. If everything answers 404, check the tenant URL and that Alation AI is enabled on the tenant.`,
        said,
      ),
      details,
    );
  }
  if (status === 409) {
    const ids = (body as { llm_config_ids?: unknown } | undefined)?.llm_config_ids;
    const referencedBy = Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string').map(c.sanitize) : undefined;
    return new AppError(
      'conflict',
      said
        ? `The tenant refused ${call} because of a conflict: ${said}`
        : `The tenant refused ${call} because of a conflict (409): something still depends on it. Refresh, resolve the dependency and try again.`,
      referencedBy ? { ...details, referencedBy } : details,
    );
  }
  if (status === 400 || status === 422) {
    const fields = fieldIssues(body, c.sanitize);
    if (fields) {
      const shown = fields.slice(0, 3).map((f) => (f.path ? `${f.path}: ${f.message}` : f.message));
      const more = fields.length > 3 ? ` (and ${fields.length - 3} more)` : '';
      return new AppError('validation', `The tenant rejected the request: ${shown.join('; ')}${more}.`, { ...base, fields });
    }
    return new AppError(
      'validation',
      said ? `The tenant rejected the request: ${said}` : `The tenant rejected ${call} (${status}) without saying why.`,
      details,
    );
  }
  if (status === 405 || status === 501) {
    return new AppError(
      'unsupported',
      `This tenant does not support ${call} (${status}). Its Alation version may be older than the AI API this app uses.`,
      details,
    );
  }
  if (status === 429) {
    return new AppError(
      'server',
      `The tenant is limiting requests (429 Too Many Requests)${c.retries ? ` and still was after ${c.retries} retries` : ''}. Wait a minute and try again.`,
      details,
    );
  }
  if (status >= 500) {
    return new AppError(
      'server',
      withServer(
        `The tenant failed to handle ${call} (${status})${c.retries ? ` after ${c.retries} retries` : ''}. Try again later; if it persists, the tenant admin should check the Alation AI service.`,
        said,
      ),
      details,
    );
  }
  return new AppError(
    'validation',
    withServer(`The tenant rejected ${call} (${status}).`, said),
    details,
  );
}

/** A 2xx answer whose body is not what the API documents. */
export function badBody(res: RawResponse, s: CallSite, problem: 'empty' | 'html' | 'json' | 'shape', issues?: FieldIssue[]): AppError {
  const call = `${s.method} ${s.path}`;
  const details: ErrorDetails = { status: res.status, ...site(s), ...(issues ? { issues } : {}) };
  switch (problem) {
    case 'empty':
      return new AppError('bad_response', `The tenant answered ${call} with an empty body where data was expected. Try again; if it persists, the tenant's AI service may be misbehaving.`, details);
    case 'html':
      return new AppError(
        'bad_response',
        `The tenant answered ${call} with an HTML page instead of JSON. A proxy or login page may be in the way, or the URL is not the tenant's address: check the tenant URL.`,
        details,
      );
    case 'json':
      return new AppError(
        'bad_response',
        `The tenant's answer to ${call} is not valid JSON (it may have been cut off). Try again; a proxy may be truncating answers.`,
        details,
      );
    case 'shape': {
      const first = issues?.[0];
      const what = first ? ` (${first.path ? `${first.path}: ` : ''}${first.message})` : '';
      return new AppError(
        'bad_response',
        `The tenant's answer to ${call} does not have the expected shape${what}. The tenant may run an Alation version this app does not know yet.`,
        details,
      );
    }
  }
}

/** Parses a 2xx JSON answer with `schema`, or throws bad_response saying what is wrong (never the values). */
export function parseAnswer<S extends z.ZodType>(res: RawResponse, schema: S, s: CallSite): z.output<S> {
  if (looksLikeHtml(res)) throw badBody(res, s, 'html');
  if (res.text.trim() === '') throw badBody(res, s, 'empty');
  const json = tryParseJson(res.text);
  if (!json.ok) throw badBody(res, s, 'json');
  const r = schema.safeParse(json.value);
  if (r.success) return r.data;
  const issues = r.error.issues.slice(0, 5).map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  throw badBody(res, s, 'shape', issues);
}
