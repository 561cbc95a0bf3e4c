// The renderer is served from `app://byom-desk/`, a privileged custom scheme backed by the built
// files, never from a dev server or file:// in production. Every answer carries the CSP.
import { readFile } from 'node:fs/promises';
import { contentTypeOf, resolveStaticPath, securityHeaders } from '../renderer-files';

export const appScheme = 'app';
export const appHost = 'byom-desk';
export const appIndexUrl = `${appScheme}://${appHost}/index.html`;

export const appSchemePrivileges = {
  scheme: appScheme,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
};

/** The handler for `protocol.handle(appScheme, ...)`. */
export function createAppProtocolHandler(rendererDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    const url = new URL(request.url);
    if (url.protocol !== `${appScheme}:` || url.host !== appHost) return new Response('Not found', { status: 404 });
    const path = resolveStaticPath(rendererDir, url.pathname);
    if (!path) return new Response('Not found', { status: 404 });
    try {
      const body = await readFile(path);
      return new Response(body, { status: 200, headers: securityHeaders(contentTypeOf(path)) });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  };
}
