// Plays the browser on the consent page over real HTTP, for tests without a browser.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { ConsentOutcome } from './tenant-api';

interface Answer {
  status: number;
  location: string | null;
  text: string;
}

function send(url: URL, method: string, caPem: string | undefined, form?: string): Promise<Answer> {
  const headers: Record<string, string> = { accept: 'text/html' };
  if (form !== undefined) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    headers['content-length'] = String(Buffer.byteLength(form));
  }
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, ...(caPem !== undefined ? { ca: caPem } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const location = res.headers.location;
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, location: typeof location === 'string' ? location : null, text });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(form);
  });
}

const outcome = (a: Answer): ConsentOutcome => ({ status: a.status, location: a.location, html: a.location === null ? a.text : null });

/**
 * Loads `authorizeUrl`; when the tenant shows the consent page, submits its form with `decision`.
 * Never follows the redirect to the app: the caller (or the app's listener) takes the Location.
 */
export async function driveConsent(
  baseUrl: string,
  authorizeUrl: string,
  decision: 'allow' | 'deny',
  caPem?: string,
): Promise<ConsentOutcome> {
  const url = new URL(authorizeUrl);
  if (url.origin !== new URL(baseUrl).origin) throw new Error(`answerConsent: ${url.origin} is not this tenant (${baseUrl})`);
  const page = await send(url, 'GET', caPem);
  const requestId = /name="request_id" value="([^"]+)"/.exec(page.text)?.[1];
  const action = /<form method="post" action="([^"]+)"/.exec(page.text)?.[1];
  if (page.status !== 200 || requestId === undefined || action === undefined) return outcome(page);
  const form = new URLSearchParams({ request_id: requestId, decision }).toString();
  return outcome(await send(new URL(action, url), 'POST', caPem, form));
}
