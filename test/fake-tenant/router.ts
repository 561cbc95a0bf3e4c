// Which handler answers a request: the token endpoints, browser sign-in, and the AI API routes behind their gate.
import { aiAuthRefusal, shapeAiError } from './ai-gate';
import { handleCreateApiAccessToken, handleOauthToken } from './auth';
import type { RequestCtx, Route } from './context';
import { detail, type Reply } from './http-util';
import { agentRoutes } from './routes-agents';
import { configRoutes } from './routes-configs';
import { credentialRoutes } from './routes-credentials';
import { oauthRoute } from './routes-oauth';
import { validateRoutes } from './routes-validate';

const ROUTES: Route[] = [...credentialRoutes, ...validateRoutes, ...configRoutes, ...agentRoutes];

const is = (path: string, documented: string): boolean => path === documented || path === documented.slice(0, -1);

export async function route(ctx: RequestCtx): Promise<Reply> {
  const { method, path } = ctx;
  const oauth = oauthRoute(ctx);
  if (oauth) return oauth;
  if (is(path, '/oauth/v2/token/')) {
    return method === 'POST' ? handleOauthToken(ctx.core.auth, ctx.headers, ctx.rawBody) : detail(405, 'Method Not Allowed');
  }
  if (is(path, '/integration/v1/createAPIAccessToken/')) {
    return method === 'POST'
      ? handleCreateApiAccessToken(ctx.core.auth, ctx.rawBody, ctx.core.opts.createTokenAnswersFailed)
      : detail(405, 'Method Not Allowed');
  }
  if (!path.startsWith('/ai/')) return detail(404, 'Not Found');
  return shapeAiError(await aiRoute(ctx), ctx.core.opts);
}

/** Whether an optional route exists on this tenant. */
function present(r: Route, ctx: RequestCtx): boolean {
  if (r.optional === 'agentRoutes') return ctx.core.opts.agentRoutes;
  if (r.optional === 'patchRoutes') return ctx.core.opts.patchRoutes === 'supported';
  return true;
}

async function aiRoute(ctx: RequestCtx): Promise<Reply> {
  const { method, path } = ctx;
  // FastAPI's redirect_slashes: /ai/api/v1/x/ -> 307 /ai/api/v1/x
  if (path.startsWith('/ai/api/v1/') && path.length > '/ai/api/v1/'.length && path.endsWith('/')) {
    const qs = ctx.query.toString();
    return { status: 307, headers: { location: path.replace(/\/+$/, '') + (qs ? `?${qs}` : '') } };
  }
  let pathMatched = false;
  for (const r of ROUTES) {
    const m = r.pattern.exec(path);
    if (!m) continue;
    if (!present(r, ctx)) {
      // A route the tenant lacks answers as FastAPI does, before auth: 404, or 405 beside the path's other methods.
      if (r.optional === 'patchRoutes' && r.method === method && ctx.core.opts.patchRoutes === '404') return detail(404, 'Not Found');
      if (r.optional === 'patchRoutes') pathMatched = true;
      continue;
    }
    pathMatched = true;
    if (r.method !== method) continue;
    if (r.auth) {
      const refusal = aiAuthRefusal(ctx.headers, ctx.core.auth, ctx.core.opts);
      if (refusal) return refusal;
    }
    return r.handler(ctx, m.slice(1));
  }
  return pathMatched ? detail(405, 'Method Not Allowed') : detail(404, 'Not Found');
}
