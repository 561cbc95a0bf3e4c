// The loopback redirect of a browser sign-in (RFC 8252 §7.3): a listener in main on 127.0.0.1
// only, for one answer at /callback. It checks the state, shows a small page, and closes at once;
// it also closes on a timeout or a cancel. Nothing else on the machine's network can reach it.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { AppError } from '../../src-shared/errors';
import { redirectUriFor } from '../../src-shared/tenant-profile';
import type { Logger } from '../log/logger';

export const CALLBACK_PATH = '/callback';
export const LOOPBACK_HOST = '127.0.0.1';

export interface CallbackOptions {
  port: number;
  /** The `state` the authorization URL carries: a callback with any other is refused. */
  state: string;
  timeoutMs: number;
  signal?: AbortSignal;
  log: Logger;
}

export interface CallbackListener {
  redirectUri: string;
  /** The authorization code, or why there is none (denied, state mismatch, timeout, cancelled). */
  code: Promise<string>;
  /** True once the listener no longer accepts connections. */
  readonly closed: boolean;
  /** Stops listening now (the code then rejects as cancelled, unless it had settled). */
  close(): Promise<void>;
}

const pageHeaders = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  Connection: 'close',
};

function page(title: string, text: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title} - BYOM Desk</title>
<style>body{font:16px system-ui,sans-serif;margin:15vh auto;max-width:32rem;padding:0 1rem;color:#1f2328}h1{font-size:1.4rem}</style>
</head><body><h1>${title}</h1><p>${text}</p></body></html>`;
}

function portError(port: number, code: string | undefined): AppError {
  const uri = redirectUriFor(port).replace(String(port), '<port>');
  const fix =
    'Finish or cancel the other sign-in, or edit this tenant: choose another redirect port ' +
    `and register its redirect URI (${uri}) in Alation's OAuth client.`;
  const cause =
    code === 'EADDRINUSE'
      ? `Port ${port} on this computer is already in use, by another program or another sign-in still waiting`
      : `BYOM Desk may not listen on port ${port} of this computer (${code ?? 'refused'})`;
  return new AppError('conflict', `${cause}, so the sign-in cannot receive Alation's answer. ${fix}`, {
    port,
    fields: [{ path: 'auth.redirectPort', message: `port ${port} is not free` }],
  });
}

/** The denial and failure messages the callback can carry, for a person to act on. */
function authorizationError(error: string, description: string | null): AppError {
  if (error === 'access_denied') {
    return new AppError(
      'unauthorized',
      'The sign-in was denied in the browser (Deny was chosen, or your account may not use this OAuth client). Press Sign in to try again.',
      { oauthError: error },
    );
  }
  const said = description ? `: ${description.replace(/[\u0000-\u001f\u007f]+/g, ' ').slice(0, 200)}` : '';
  return new AppError(
    'unauthorized',
    `Alation refused the sign-in (${error.slice(0, 60)}${said}). ` +
      "Check the OAuth client in Alation: the client ID, PKCE, and the redirect URI shown in this tenant's form.",
    { oauthError: error.slice(0, 60) },
  );
}

/** Listens on 127.0.0.1:`port` for one callback. Rejects at once when the port cannot be had. */
export async function listenForCallback(o: CallbackOptions): Promise<CallbackListener> {
  const redirectUri = redirectUriFor(o.port);
  const server = createServer();
  let settled = false;
  let closed = false;
  let resolveCode!: (code: string) => void;
  let rejectCode!: (error: AppError) => void;
  const code = new Promise<string>((resolve, reject) => {
    resolveCode = resolve;
    rejectCode = reject;
  });
  // Whoever does not wait for the code (a start that failed later) must not leave an unhandled rejection.
  code.catch(() => undefined);
  let timer: ReturnType<typeof setTimeout> | undefined;

  const shut = (): Promise<void> =>
    new Promise<void>((resolve) => {
      if (closed) return resolve();
      closed = true;
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
      server.close(() => resolve());
      server.closeIdleConnections();
    });
  const finish = (outcome: { code: string } | { error: AppError }) => {
    if (settled) return;
    settled = true;
    if ('code' in outcome) resolveCode(outcome.code);
    else rejectCode(outcome.error);
  };
  const onAbort = () => {
    finish({ error: new AppError('cancelled', 'The sign-in was cancelled.') });
    void shut();
  };

  const answer = (res: ServerResponse, status: number, title: string, text: string) => {
    res.writeHead(status, pageHeaders);
    res.end(page(title, text));
  };

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', `http://${LOOPBACK_HOST}:${o.port}`);
    // The browser may ask for a favicon, or a stray tab for anything: only /callback counts.
    if (url.pathname !== CALLBACK_PATH) return answer(res, 404, 'Not found', 'BYOM Desk is waiting for a sign-in here, nothing else.');
    if (req.method !== 'GET') return answer(res, 405, 'Not allowed', 'The sign-in answer comes as a GET request.');
    if (settled) return answer(res, 410, 'Sign-in already finished', 'This sign-in has ended. Return to BYOM Desk.');
    res.on('finish', () => void shut());
    const params = url.searchParams;
    const state = params.get('state');
    const error = params.get('error');
    if (state !== o.state && !(error !== null && state === null)) {
      o.log.warn('signin.state_mismatch');
      finish({
        error: new AppError(
          'bad_response',
          'The browser came back with a sign-in that BYOM Desk did not start (its state does not match), so nothing was signed in. ' +
            'Press Sign in again and finish it in the tab it opens.',
        ),
      });
      const text = 'This answer does not belong to the sign-in BYOM Desk started. Return to BYOM Desk and start again.';
      return answer(res, 400, 'Sign-in refused', text);
    }
    if (error !== null) {
      o.log.info('signin.callback_error', { error: error.slice(0, 60) });
      finish({ error: authorizationError(error, params.get('error_description')) });
      return error === 'access_denied'
        ? answer(res, 200, 'Sign-in denied', 'BYOM Desk was not signed in. You can close this tab.')
        : answer(res, 400, 'Sign-in failed', 'Alation did not sign BYOM Desk in. Return to BYOM Desk to see why. You can close this tab.');
    }
    const got = params.get('code');
    if (!got) {
      finish({ error: new AppError('bad_response', 'Alation came back without a sign-in code. Press Sign in to try again.') });
      return answer(res, 400, 'Sign-in failed', 'The answer had no sign-in code. Return to BYOM Desk and start again.');
    }
    finish({ code: got });
    answer(res, 200, 'Signed in', 'BYOM Desk is signed in to your Alation tenant. You can close this tab.');
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      closed = true;
      reject(portError(o.port, e.code));
    });
    server.listen({ host: LOOPBACK_HOST, port: o.port, exclusive: true }, () => resolve());
  });
  if (o.signal?.aborted) {
    onAbort();
  } else {
    o.signal?.addEventListener('abort', onAbort, { once: true });
    timer = setTimeout(() => {
      const minutes = Math.max(1, Math.round(o.timeoutMs / 60_000));
      const within = `${minutes} minute${minutes === 1 ? '' : 's'}`;
      finish({ error: new AppError('timeout', `No sign-in came back from the browser within ${within}. Press Sign in to try again.`) });
      void shut();
    }, o.timeoutMs);
  }
  o.log.info('signin.listening', { port: o.port });

  return {
    redirectUri,
    code,
    get closed() {
      return closed;
    },
    close: () => {
      finish({ error: new AppError('cancelled', 'The sign-in was cancelled.') });
      return shut();
    },
  };
}
