// What a route handler gets: the request and the tenant core.
import type { IncomingHttpHeaders } from 'node:http';
import { z } from 'zod';
import type { AuthStore } from './auth';
import { detail, validationError, type Reply } from './http-util';
import type { ResolvedOptions } from './options';
import type { TenantState } from './state';
import type { UserOAuthStore } from './user-oauth';

export interface TenantCore {
  data: TenantState;
  readonly opts: ResolvedOptions;
  readonly auth: AuthStore;
  /** Browser sign-in: apps, consents, codes, refresh tokens. */
  readonly users: UserOAuthStore;
  /** `http(s)://127.0.0.1:<port>`, the issuer and the origin of redirects. */
  readonly baseUrl: string;
}

export interface RequestCtx {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  rawBody: string;
  core: TenantCore;
}

export type Handler = (ctx: RequestCtx, params: string[]) => Reply | Promise<Reply>;

export interface Route {
  method: string;
  pattern: RegExp;
  /** Needs a valid token (the /ai/api/v1 routes). */
  auth: boolean;
  /**
   * The route exists only when this option allows it: `agentRoutes`, or `patchRoutes` (the PATCH of
   * credentials and configs, missing on older tenants).
   */
  optional?: 'agentRoutes' | 'patchRoutes';
  handler: Handler;
}

/** Any 8-4-4-4-12 hex id, like Pydantic's UUID type. */
export const uuidSchema = z.guid();

export function isUuid(value: string): boolean {
  return uuidSchema.safeParse(value).success;
}

/** A UUID path parameter: 422 when malformed (as FastAPI would), else the lower-cased id. */
export function pathUuid(value: string, name: string): { ok: true; id: string } | { ok: false; reply: Reply } {
  const decoded = safeDecode(value);
  if (!isUuid(decoded)) {
    return {
      ok: false,
      reply: validationError([{ loc: ['path', name], msg: 'Input should be a valid UUID', type: 'uuid_parsing' }]),
    };
  }
  return { ok: true, id: decoded.toLowerCase() };
}

export function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export function notFound(what: string): Reply {
  return detail(404, `${what} not found`);
}
