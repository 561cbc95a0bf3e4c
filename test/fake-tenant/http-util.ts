// Small HTTP helpers: the answer type, JSON bodies, and FastAPI-style validation errors.
import type { z } from 'zod';

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** Serialized body; undefined for no body (204). */
  body?: string;
}

export function json(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(value) };
}

/** FastAPI's HTTPException shape: `{"detail": "..."}` plus optional extra fields. */
export function detail(status: number, message: string, extra: Record<string, unknown> = {}): Reply {
  return json(status, { detail: message, ...extra });
}

export function noContent(): Reply {
  return { status: 204 };
}

export interface ValidationIssue {
  loc: (string | number)[];
  msg: string;
  type: string;
  ctx?: Record<string, unknown>;
}

/** 422 with a FastAPI/Pydantic v2 style `detail` list. Never echoes the input (it may hold a secret). */
export function validationError(issues: ValidationIssue[]): Reply {
  return json(422, { detail: issues });
}

const TYPE_NAMES: Record<string, [string, string]> = {
  string: ['string_type', 'Input should be a valid string'],
  boolean: ['bool_type', 'Input should be a valid boolean'],
  number: ['int_type', 'Input should be a valid integer'],
  int: ['int_type', 'Input should be a valid integer'],
  object: ['dict_type', 'Input should be a valid dictionary'],
  record: ['dict_type', 'Input should be a valid dictionary'],
  array: ['list_type', 'Input should be a valid list'],
};

function quoteList(values: readonly unknown[]): string {
  const q = values.map((v) => `'${String(v)}'`);
  if (q.length <= 1) return q.join('');
  return `${q.slice(0, -1).join(', ')} or ${q[q.length - 1]}`;
}

/** Maps zod issues to FastAPI-style items under `prefix` (e.g. `['body']` or `['query']`). */
export function zodIssuesToDetail(issues: readonly z.core.$ZodIssue[], prefix: (string | number)[]): ValidationIssue[] {
  return issues.map((issue): ValidationIssue => {
    const loc = [...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
    switch (issue.code) {
      case 'invalid_type': {
        if (issue.input === undefined) return { loc, msg: 'Field required', type: 'missing' };
        const [type, msg] = TYPE_NAMES[issue.expected] ?? ['type_error', `Input should be a valid ${issue.expected}`];
        return { loc, msg, type };
      }
      case 'invalid_value':
        return {
          loc,
          msg: `Input should be ${quoteList(issue.values)}`,
          type: 'literal_error',
          ctx: { expected: quoteList(issue.values) },
        };
      case 'too_small':
        if (issue.origin === 'string')
          return {
            loc,
            msg: `String should have at least ${String(issue.minimum)} character${issue.minimum === 1 ? '' : 's'}`,
            type: 'string_too_short',
          };
        if (issue.origin === 'array') return { loc, msg: `List should have at least ${String(issue.minimum)} item`, type: 'too_short' };
        return {
          loc,
          msg: `Input should be greater than ${issue.inclusive ? 'or equal to ' : ''}${String(issue.minimum)}`,
          type: issue.inclusive ? 'greater_than_equal' : 'greater_than',
        };
      case 'too_big':
        return {
          loc,
          msg: `Input should be less than ${issue.inclusive ? 'or equal to ' : ''}${String(issue.maximum)}`,
          type: issue.inclusive ? 'less_than_equal' : 'less_than',
        };
      case 'invalid_format':
        if (issue.format === 'uuid' || issue.format === 'guid') return { loc, msg: 'Input should be a valid UUID', type: 'uuid_parsing' };
        return { loc, msg: `Input should be a valid ${issue.format}`, type: 'value_error' };
      case 'unrecognized_keys':
        return { loc, msg: 'Extra inputs are not permitted', type: 'extra_forbidden' };
      case 'invalid_union':
        // A tagged union whose tag is missing or unknown, as Pydantic words it (the tag is not echoed).
        if (issue.discriminator !== undefined && issue.inclusive !== false) {
          const tags = (issue.options ?? []).map((o) => `'${String(o)}'`).join(', ');
          const input = issue.input;
          const hasTag =
            typeof input === 'object' && input !== null && (input as Record<string, unknown>)[issue.discriminator] !== undefined;
          return !hasTag
            ? {
                loc: loc.slice(0, -1),
                msg: `Unable to extract tag using discriminator '${String(issue.discriminator)}'`,
                type: 'union_tag_not_found',
              }
            : {
                loc: loc.slice(0, -1),
                msg: `Input tag does not match any of the expected tags: ${tags}`,
                type: 'union_tag_invalid',
                ctx: { discriminator: `'${String(issue.discriminator)}'`, expected_tags: tags },
              };
        }
        return { loc, msg: `Value error, ${issue.message}`, type: 'value_error' };
      default:
        return { loc, msg: `Value error, ${issue.message}`, type: 'value_error' };
    }
  });
}

export type BodyResult<T> = { ok: true; value: T } | { ok: false; reply: Reply };

/** Parses a JSON request body into an object, the way FastAPI does before model validation. */
export function parseJsonObject(raw: string): BodyResult<Record<string, unknown>> {
  if (raw.trim() === '') {
    return { ok: false, reply: validationError([{ loc: ['body'], msg: 'Field required', type: 'missing' }]) };
  }
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (e) {
    return {
      ok: false,
      reply: validationError([
        {
          loc: ['body', 0],
          msg: 'JSON decode error',
          type: 'json_invalid',
          ctx: { error: e instanceof Error ? (e.message.split('\n')[0] ?? '') : 'invalid JSON' },
        },
      ]),
    };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      ok: false,
      reply: validationError([
        { loc: ['body'], msg: 'Input should be a valid dictionary or object to extract fields from', type: 'model_attributes_type' },
      ]),
    };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

/** Validates `input` with `schema`; on failure answers 422 with FastAPI-style items under `prefix`. */
export function validate<S extends z.ZodType>(schema: S, input: unknown, prefix: (string | number)[]): BodyResult<z.output<S>> {
  const r = schema.safeParse(input, { reportInput: true });
  if (r.success) return { ok: true, value: r.data };
  return { ok: false, reply: validationError(zodIssuesToDetail(r.error.issues, prefix)) };
}

/**
 * `limit` plus `skip` and `offset` query parameters. Both offsets are accepted everywhere; when a
 * request gives both, `prefer` (the one Alation's client uses on that endpoint) wins.
 */
export function parsePaging(
  query: URLSearchParams,
  defaults: { pageSize: number; maxPageSize: number },
  prefer: 'skip' | 'offset' = 'skip',
): BodyResult<{ limit: number; skip: number }> {
  const issues: ValidationIssue[] = [];
  const int = (name: string, min: number): number | undefined => {
    const raw = query.get(name);
    if (raw === null) return undefined;
    if (!/^\s*-?\d+\s*$/.test(raw)) {
      issues.push({
        loc: ['query', name],
        msg: 'Input should be a valid integer, unable to parse string as an integer',
        type: 'int_parsing',
      });
      return undefined;
    }
    const n = Number(raw);
    if (n < min) {
      issues.push({ loc: ['query', name], msg: `Input should be greater than or equal to ${min}`, type: 'greater_than_equal' });
      return undefined;
    }
    return n;
  };
  const limit = int('limit', 1);
  const skip = int('skip', 0);
  const offset = int('offset', 0);
  if (issues.length > 0) return { ok: false, reply: validationError(issues) };
  return {
    ok: true,
    value: {
      limit: Math.min(limit ?? defaults.pageSize, defaults.maxPageSize),
      skip: (prefer === 'skip' ? (skip ?? offset) : (offset ?? skip)) ?? 0,
    },
  };
}

export type ListShape = 'data' | 'results' | 'array';

/**
 * A list answer in the tenant's shape: `{data, total}` (documented), `{results, count}` (the other
 * shape Alation's client reads; `count` as in Django REST framework, fake's choice) or a bare array.
 */
export function listBody<T>(shape: ListShape, items: readonly T[], total: number): unknown {
  switch (shape) {
    case 'data':
      return { data: items, total };
    case 'results':
      return { results: items, count: total };
    case 'array':
      return items;
  }
}

/** One page of `items`, mapped to the public view only after slicing (large lists stay cheap). */
export function page<T, U>(items: readonly T[], paging: { limit: number; skip: number }, shape: ListShape, view: (item: T) => U): unknown {
  return listBody(shape, items.slice(paging.skip, paging.skip + paging.limit).map(view), items.length);
}

/** Parses a query boolean the way Pydantic does (`true/false/1/0/yes/no/on/off`). */
export function parseQueryBool(raw: string): boolean | undefined {
  const v = raw.trim().toLowerCase();
  if (['true', '1', 'yes', 'on', 't', 'y'].includes(v)) return true;
  if (['false', '0', 'no', 'off', 'f', 'n'].includes(v)) return false;
  return undefined;
}
