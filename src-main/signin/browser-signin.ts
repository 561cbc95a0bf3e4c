// One browser sign-in (authorization code + PKCE, RFC 8252 for native apps), in plain Node: find
// the endpoints, listen on the loopback redirect, hand back the URL for the system browser, then
// exchange the code that comes back. Nothing here opens a browser or stores a token: the caller does.
import { AppError } from '../../src-shared/errors';
import type { Logger } from '../log/logger';
import { discoverEndpoints } from './discovery';
import { listenForCallback } from './loopback';
import { newPkce, newState } from './pkce';
import { exchangeCode, type SignInTokens } from './token-exchange';
import { signInTransport } from './token-path';

export type { SignInTokens } from './token-exchange';

/** Long enough to find a password and a second factor; short enough that a forgotten sign-in ends. */
export const defaultSignInTimeoutMs = 5 * 60_000;

/** What Alation's CLI asks for (cli/clients/auth.py). */
export const signInScope = 'openid profile email';

export interface BrowserSignInOptions {
  baseUrl: string;
  caPem?: string;
  clientId: string;
  /** Only for a confidential client. */
  clientSecret?: string;
  redirectPort: number;
  timeoutMs?: number;
  log: Logger;
  now?: () => number;
}

export interface StartedSignIn {
  /** The tenant's authorization URL, with the client, the redirect URI, the state and the PKCE challenge. */
  authorizationUrl: string;
  redirectUri: string;
  /** The tokens once the browser has come back and the code is exchanged; or why not. */
  tokens: Promise<SignInTokens>;
  /** Ends the sign-in now: the listener closes and `tokens` rejects as cancelled. */
  cancel(): Promise<void>;
}

/**
 * Prepares a sign-in and starts listening. Answers once the listener is up, so the URL can be opened
 * at once; fails before that when the tenant cannot be reached or the port cannot be had.
 */
export async function startBrowserSignIn(o: BrowserSignInOptions): Promise<StartedSignIn> {
  const now = o.now ?? Date.now;
  const transport = signInTransport({ ...o, now });
  const cancelled = new AbortController();
  try {
    const endpoints = await discoverEndpoints(transport, o.log, cancelled.signal);
    const pkce = newPkce();
    const state = newState();
    const listener = await listenForCallback({
      port: o.redirectPort,
      state,
      timeoutMs: o.timeoutMs ?? defaultSignInTimeoutMs,
      signal: cancelled.signal,
      log: o.log,
    });
    const url = new URL(endpoints.authorizationEndpoint);
    const params: Record<string, string> = {
      response_type: 'code',
      client_id: o.clientId,
      redirect_uri: listener.redirectUri,
      scope: signInScope,
      state,
      code_challenge: pkce.challenge,
      code_challenge_method: pkce.method,
    };
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    const tokens = listener.code
      .then((code) =>
        exchangeCode(
          transport,
          {
            tokenPath: endpoints.tokenPath,
            code,
            redirectUri: listener.redirectUri,
            clientId: o.clientId,
            ...(o.clientSecret !== undefined ? { clientSecret: o.clientSecret } : {}),
            codeVerifier: pkce.verifier,
          },
          now,
          cancelled.signal,
        ),
      )
      .finally(() => transport.close());
    tokens.catch(() => undefined);
    return {
      authorizationUrl: url.toString(),
      redirectUri: listener.redirectUri,
      tokens,
      cancel: async () => {
        cancelled.abort();
        await listener.close();
      },
    };
  } catch (error) {
    await transport.close();
    if (error instanceof AppError) throw error;
    throw new AppError('internal', 'The sign-in could not start. Try again; if it keeps happening, restart the app.');
  }
}
