// Turns every way a tenant call can fail into an AppError a person can act on: HTTP answers here,
// failures with no answer in transport-errors.ts (re-exported). Text taken from the server goes
// through `sanitize` (known secrets blanked, length capped) before it is kept anywhere.
import type { z } from 'zod';
import { AppError, type ErrorDetails, type FieldIssue } from '../../src-shared/errors';
import { tryParseJson } from '../../src-shared/json';
import { siteDetails as site, type CallSite } from './transport-errors';

export * from './transport-errors';

/** Blanks known secrets and control characters; caps the length at `limit` (300 when not given). */
export type Sanitize = (text: string, limit?: number) => string;

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

/** The answer's JSON body when it is an object, else undefined. */
export function jsonBody(res: RawResponse): Record<string, unknown> | undefined {
  const parsed = tryParseJson(res.text);
  // Stryker disable next-line ConditionalExpression,LogicalOperator: callers read named keys, which a list, text or number lacks too
  return parsed.ok && typeof parsed.value === 'object' && parsed.value !== null && !Array.isArray(parsed.value)
    ? (parsed.value as Record<string, unknown>)
    : undefined;
}

/** The strings a body says under `keys`, at its top level and in a `detail` object (FastAPI nests them). */
export function bodyTexts(body: unknown, keys: readonly string[]): string[] {
  if (typeof body !== 'object' || body === null) return [];
  const b = body as Record<string, unknown>;
  return [...keys.map((key) => b[key]).filter((v): v is string => typeof v === 'string'), ...bodyTexts(b.detail, keys)];
}

/**
 * A 429 that is a quota or entitlement (Alation's SDK: an error that speaks of an entitlement), not
 * a rate: it does not pass with time, so it is never retried.
 */
export function isQuotaRefusal(res: RawResponse): boolean {
  if (res.status !== 429) return false;
  return bodyTexts(jsonBody(res), ['error', 'message', 'detail']).some((text) => /quota|entitlement/i.test(text));
}

export function looksLikeHtml(res: RawResponse): boolean {
  // Stryker disable next-line StringLiteral: any type that does not say "html" reads the same as none
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
      if (LOC_PREFIXES.has(parts[0]!)) parts.shift();
      const message = typeof msg === 'string' ? msg : 'Invalid value';
      const allowed = acceptedValues(ctx, message, sanitize);
      out.push({
        path: sanitize(parts.join('.')),
        message: sanitize(message),
        ...(allowed ? { allowed } : {}),
      });
    }
    return out.length > 0 ? out : undefined;
  }
  // A `detail` that is not a list is not a field's messages either: the check below refuses it.
  if (!Array.isArray(body)) {
    const entries = Object.entries(body as Record<string, unknown>);
    if (entries.length > 0 && entries.every(([, v]) => Array.isArray(v) && v.every((m) => typeof m === 'string'))) {
      return entries.map(([k, v]) => ({ path: sanitize(k), message: sanitize((v as string[]).join(' ')) }));
    }
  }
  return undefined;
}

/**
 * The values the tenant accepts, whole (a person picks one from them): of `ctx`, only `valid_keys`
 * is read (other keys may echo the input); else the list a message ends with ("valid keys: a, b").
 */
function acceptedValues(ctx: unknown, message: string, sanitize: Sanitize): string[] | undefined {
  const whole = (v: string) => sanitize(v, Number.POSITIVE_INFINITY);
  const valid = (ctx as { valid_keys?: unknown } | undefined)?.valid_keys;
  if (Array.isArray(valid)) return valid.filter((v): v is string => typeof v === 'string').map(whole);
  const listed = /\bvalid (?:feature )?keys(?: are)?:\s*(.+)/i.exec(message);
  if (!listed) return undefined;
  const keys = listed[1]!
    .split(',')
    .map((k) => k.trim().replace(/^['"`]|['"`.]+$/g, ''))
    .filter((k) => k !== '');
  return keys.length > 0 ? keys.map(whole) : undefined;
}

const said = (v: unknown): string | undefined => (typeof v === 'string' ? v.trim() || undefined : undefined);

/**
 * The server's own words: `detail` (a string, or an object FastAPI nests), `error_description`, or
 * `{error, message}` as Alation's SDK reads them (both when both are there), `message`, `error`.
 */
export function serverMessage(body: unknown, sanitize: Sanitize): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const b = body as Record<string, unknown>;
  const detail = said(b.detail);
  if (detail) return sanitize(detail);
  const nested = serverMessage(b.detail, sanitize);
  if (nested) return nested;
  const description = said(b.error_description);
  if (description) return sanitize(description);
  const [error, message] = [said(b.error), said(b.message)];
  if (error && message) return sanitize(message.includes(error) ? message : `${error}: ${message}`);
  const one = message ?? error;
  return one ? sanitize(one) : undefined;
}

export interface HttpErrorContext extends CallSite {
  sanitize: Sanitize;
  /** What to say for a 401, which depends on the authentication method and the endpoint. */
  unauthorized: string;
  /** Retries already spent, for the 429/5xx messages. */
  retries?: number;
}

const withServer = (message: string, server: string | undefined): string => (server ? `${message} The tenant said: "${server}"` : message);

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

  if (status === 401) return new AppError('unauthorized', withServer(c.unauthorized, said), details);
  if (status === 403) {
    return new AppError(
      'forbidden',
      withServer(
        `The tenant refused ${call} (403 Forbidden): the account or OAuth client of this profile lacks the ` +
          `permission. Use an account with Server Admin rights for Alation AI, or ask the tenant admin to grant it.`,
        said,
      ),
      details,
    );
  }
  if (html) {
    // Stryker disable next-line ConditionalExpression: no answer below 300 reaches this (the client reads 2xx itself)
    const where = status >= 300 && status < 400 ? 'a redirect' : `an HTML page (status ${status})`;
    return new AppError(
      'bad_response',
      `The tenant answered ${call} with ${where} instead of the AI API's JSON. A proxy, gateway or login page may be ` +
        `in the way, or the URL is not the tenant's address. Check the tenant URL; if it is right, try again later.`,
      base,
    );
  }
  // Stryker disable next-line ConditionalExpression: no answer below 300 reaches this (the client reads 2xx itself)
  if (status >= 300 && status < 400) {
    const to = redirectHost(res);
    return new AppError(
      'bad_response',
      `The tenant answered ${call} with a redirect (${status}${to ? ` to ${to}` : ''}). BYOM Desk follows ` +
        `only one 307 or 308 to the same address. Use the tenant's https origin as the URL, without a path.`,
      base,
    );
  }
  if (status === 404) {
    return new AppError(
      'not_found',
      withServer(
        `Not found: ${call} (404). It may have been deleted meanwhile: refresh and try again. If ` +
          `everything answers 404, check the tenant URL and that Alation AI is enabled on the tenant.`,
        said,
      ),
      details,
    );
  }
  if (status === 409) {
    const ids = (body as { llm_config_ids?: unknown } | undefined)?.llm_config_ids;
    const referencedBy = Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string').map((id) => c.sanitize(id)) : undefined;
    return new AppError(
      'conflict',
      said
        ? `The tenant refused ${call} because of a conflict: ${said}`
        : `The tenant refused ${call} because of a conflict (409): something ` +
            `still depends on it. Refresh, resolve the dependency and try again.`,
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
  if (isQuotaRefusal(res)) {
    return new AppError(
      'server',
      withServer(
        `The tenant refused ${call}: a quota or entitlement of this tenant is used up (429). ` +
          `Retrying will not help; ask your Alation account manager, or the tenant admin, to raise it.`,
        said,
      ),
      { ...details, quota: true },
    );
  }
  if (status === 429) {
    return new AppError(
      'server',
      `The tenant is limiting requests (429 Too Many ` +
        `Requests)${c.retries ? ` and still was after ${c.retries} retries` : ''}. Wait a minute and try again.`,
      details,
    );
  }
  if (status >= 500) {
    return new AppError(
      'server',
      withServer(
        `The tenant failed to handle ${call} (${status})${c.retries ? ` after ${c.retries} retries` : ''}. ` +
          `Try again later; if it persists, the tenant admin should check the Alation AI service.`,
        said,
      ),
      details,
    );
  }
  return new AppError('validation', withServer(`The tenant rejected ${call} (${status}).`, said), details);
}

/** Where a redirect points, when it names another host (only the host: a query may hold anything). */
function redirectHost(res: RawResponse): string | undefined {
  const location = header(res, 'location');
  // Stryker disable next-line ConditionalExpression: an empty Location resolves to the placeholder base, which names no host either
  if (!location) return undefined;
  let host: string | undefined;
  try {
    host = new URL(location, 'http://same.invalid').host;
  } catch {
    // A Location that is not a URL names no host.
  }
  return host === 'same.invalid' ? undefined : host;
}

/** A 2xx answer whose body is not what the API documents. */
export function badBody(res: RawResponse, s: CallSite, problem: 'empty' | 'html' | 'json' | 'shape', issues?: FieldIssue[]): AppError {
  const call = `${s.method} ${s.path}`;
  const details: ErrorDetails = { status: res.status, ...site(s), ...(issues ? { issues } : {}) };
  switch (problem) {
    case 'empty':
      return new AppError(
        'bad_response',
        `The tenant answered ${call} with an empty body where data was expected. ` +
          `Try again; if it persists, the tenant's AI service may be misbehaving.`,
        details,
      );
    case 'html':
      return new AppError(
        'bad_response',
        `The tenant answered ${call} with an HTML page instead of JSON. A proxy or login page ` +
          `may be in the way, or the URL is not the tenant's address: check the tenant URL.`,
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
        `The tenant's answer to ${call} does not have the expected shape${what}. ` +
          `The tenant may run an Alation version this app does not know yet.`,
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
