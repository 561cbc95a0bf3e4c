// Fault injection for the fake tenant: rules, matching, and the canned bad answers.
import { z } from 'zod';

export const FAULT_KINDS = [
  '500',
  '502',
  '503',
  '429',
  'hang',
  'html',
  'truncated',
  'reset',
  'quota429',
  'redirect307',
  'redirect308',
  'redirectForeign',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/**
 * The query parameter that marks a request sent on by a same-origin redirect fault: rules with a
 * redirect kind skip it, so it is served normally, and the router never sees the parameter.
 */
export const REDIRECTED_MARK = 'fake_tenant_redirected';
const SAME_ORIGIN_REDIRECTS: readonly FaultKind[] = ['redirect307', 'redirect308'];

export const faultRuleSchema = z
  .object({
    /** Which fault to produce. An array picks one of them at random each time the rule fires. */
    kind: z.union([z.enum(FAULT_KINDS), z.array(z.enum(FAULT_KINDS)).min(1)]),
    /**
     * Request path (without query) to match. Exact match, or a prefix match when it ends with `*`
     * (e.g. `/ai/api/v1/*`). Omitted: every path, including the token endpoints.
     */
    path: z.string().min(1).optional(),
    /** HTTP method to match (case-insensitive). Omitted: every method. */
    method: z.string().min(1).optional(),
    /** Probability (0..1) that a matching request gets the fault. Default 1. */
    rate: z.number().min(0).max(1).optional(),
    /** How many times the rule fires before it switches itself off. Default: unlimited. */
    times: z.number().int().min(1).optional(),
    /** Seconds for the Retry-After header (429 always has one, default 1; 503 only when set). */
    retryAfter: z.number().int().min(0).optional(),
    /** HTTP status of the `html` page (default 502). */
    status: z.number().int().min(400).max(599).optional(),
    /** `redirectForeign`: where to send the client (default `https://foreign-origin.invalid` + the path). */
    location: z.url().optional(),
    /**
     * `before` (default): the request never reaches the API; nothing changes.
     * `after`: the API handles the request (state changes), then the answer is replaced by the fault,
     * like a proxy failing after the backend did the work.
     */
    phase: z.enum(['before', 'after']).optional(),
  })
  .strict();

export type FaultRule = z.infer<typeof faultRuleSchema>;

/** A rule as held by the server, with its remaining budget. */
export interface ActiveFault {
  rule: FaultRule;
  remaining: number; // Infinity when `times` is not set
  fired: number;
}

export function activateFaults(rules: readonly FaultRule[]): ActiveFault[] {
  return rules.map((rule) => ({
    rule: faultRuleSchema.parse(rule),
    remaining: rule.times ?? Number.POSITIVE_INFINITY,
    fired: 0,
  }));
}

export function pathMatches(pattern: string | undefined, path: string): boolean {
  if (pattern === undefined) return true;
  if (pattern.endsWith('*')) return path.startsWith(pattern.slice(0, -1));
  return path === pattern;
}

export interface FaultHit {
  kind: FaultKind;
  rule: FaultRule;
}

/**
 * Finds the first rule for this request and phase that fires (rate rolled with `random`),
 * and uses up one of its `times`.
 */
export function pickFault(
  faults: ActiveFault[],
  method: string,
  path: string,
  phase: 'before' | 'after',
  random: () => number,
  redirected = false,
): FaultHit | undefined {
  for (const f of faults) {
    const { rule } = f;
    if (f.remaining <= 0) continue;
    const kinds = Array.isArray(rule.kind) ? rule.kind : [rule.kind];
    if (redirected && kinds.some((k) => SAME_ORIGIN_REDIRECTS.includes(k))) continue;
    if ((rule.phase ?? 'before') !== phase) continue;
    if (rule.method !== undefined && rule.method.toUpperCase() !== method.toUpperCase()) continue;
    if (!pathMatches(rule.path, path)) continue;
    const rate = rule.rate ?? 1;
    if (rate < 1 && random() >= rate) continue;
    f.remaining -= 1;
    f.fired += 1;
    const kind = kinds[Math.floor(random() * kinds.length)] ?? kinds[0]!;
    return { kind, rule };
  }
  return undefined;
}

/** A canned answer for an HTTP-level fault. */
export interface FaultReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const HTML_PAGE = (status: number): string => {
  const title = status === 502 ? '502 Bad Gateway' : status === 503 ? '503 Service Temporarily Unavailable' : `${status} Error`;
  return (
    `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n` +
    `<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`
  );
};

/** The request a fault answers: where redirects point. `search` includes the leading `?`, or is ''. */
export interface FaultedRequest {
  baseUrl: string;
  path: string;
  search: string;
}

/** The same URL with the redirect mark added to its query. */
function markedUrl(req: FaultedRequest): string {
  const url = new URL(`${req.baseUrl}${req.path}${req.search}`);
  url.searchParams.set(REDIRECTED_MARK, '1');
  return url.toString();
}

/**
 * The answer for an HTTP-level fault. `original` is the real answer body for `after` faults
 * (used by `truncated`). Returns undefined for `hang` and `reset`, which have no answer.
 */
export function faultReply(hit: FaultHit, req: FaultedRequest, original?: { status: number; body: string }): FaultReply | undefined {
  const json = (status: number, detail: string, extra: Record<string, string> = {}): FaultReply => ({
    status,
    headers: { 'content-type': 'application/json', ...extra },
    body: JSON.stringify({ detail }),
  });
  switch (hit.kind) {
    case '500':
      return json(500, 'Internal Server Error');
    case '502':
      return json(502, 'Bad Gateway');
    case '503':
      return json(503, 'Service Unavailable', hit.rule.retryAfter !== undefined ? { 'retry-after': String(hit.rule.retryAfter) } : {});
    case '429':
      return json(429, 'Too Many Requests', { 'retry-after': String(hit.rule.retryAfter ?? 1) });
    case 'quota429':
      // The SDK's quota test: a 429 whose `error` speaks of an entitlement (errors.py); no Retry-After.
      return {
        status: 429,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          error: 'entitlement_limit_exceeded',
          message: 'The AI API quota of this tenant is used up for this period',
        }),
      };
    case 'redirect307':
    case 'redirect308':
      return { status: hit.kind === 'redirect307' ? 307 : 308, headers: { location: markedUrl(req) }, body: '' };
    case 'redirectForeign':
      return {
        status: 307,
        headers: { location: hit.rule.location ?? `https://foreign-origin.invalid${req.path}${req.search}` },
        body: '',
      };
    case 'html': {
      const status = hit.rule.status ?? 502;
      return { status, headers: { 'content-type': 'text/html' }, body: HTML_PAGE(status) };
    }
    case 'truncated': {
      // A complete HTTP answer (status 200, correct Content-Length) whose JSON body is cut short.
      const full =
        original && original.body.length > 2
          ? original.body
          : '{"data":[{"id":"3f1c2a9e-0000-4000-8000-000000000000","name":"cut here","provider":"openai"}],"total":1}';
      const cut = full.slice(0, Math.max(1, Math.floor(full.length / 2)));
      const status = original && original.status >= 200 && original.status < 300 && original.status !== 204 ? original.status : 200;
      return { status, headers: { 'content-type': 'application/json' }, body: cut };
    }
    case 'hang':
    case 'reset':
      return undefined;
  }
}

/** Parses the CLI form `kind=429,path=/ai/api/v1/config/llm,method=GET,times=1,retryAfter=1`. */
export function parseFaultSpec(spec: string): FaultRule {
  const trimmed = spec.trim();
  if (trimmed.startsWith('{')) return faultRuleSchema.parse(JSON.parse(trimmed));
  const raw: Record<string, unknown> = {};
  for (const part of trimmed.split(',')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    if (eq < 0) {
      // A bare word is the kind: `--fault 503`
      raw.kind = part.trim();
      continue;
    }
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 'kind') {
      raw.kind = value.includes('|') ? value.split('|') : value;
    } else if (key === 'rate') {
      raw.rate = Number(value);
    } else if (key === 'times' || key === 'retryAfter' || key === 'status') {
      raw[key] = Number(value);
    } else {
      raw[key] = value;
    }
  }
  return faultRuleSchema.parse(raw);
}
