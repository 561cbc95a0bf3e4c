// The HTML of browser sign-in: the consent page (Allow / Deny) and the error page. No external resources.
import type { Reply } from './http-util';

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

// Inline styles only; no script. form-action is left open on purpose: the POST answers with a redirect
// to the app's own redirect URI, which a form-action rule would block in Chromium.
const HEADERS: Record<string, string> = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
};

const STYLE = `
body { font: 16px/1.5 system-ui, sans-serif; background: #f4f6f8; color: #1b1f24; margin: 0; }
main { max-width: 30rem; margin: 3rem auto; background: #fff; border: 1px solid #d0d7de; border-radius: 8px; padding: 1.5rem 2rem; }
h1 { font-size: 1.4rem; margin-top: 0; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
dt { font-weight: 600; } dd { margin: 0; overflow-wrap: anywhere; }
.actions { display: flex; gap: .75rem; margin-top: 1.5rem; }
button { font: inherit; padding: .5rem 1.25rem; border-radius: 6px; border: 1px solid #8c959f; background: #fff; cursor: pointer; }
button.allow { background: #0b5cad; border-color: #0b5cad; color: #fff; }
button:focus-visible { outline: 3px solid #f2a900; outline-offset: 2px; }
.note { color: #57606a; font-size: .875rem; margin-bottom: 0; }`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main aria-labelledby="page-title">
${body}
<p class="note">A fake Alation tenant, for tests.</p>
</main>
</body>
</html>
`;
}

export interface ConsentView {
  requestId: string;
  clientId: string;
  userName: string;
  scope: string;
  redirectUri: string;
  tenantHost: string;
  /** Where the form posts its decision (the authorization endpoint's path). */
  action: string;
}

export function consentPage(v: ConsentView): Reply {
  const body = `<h1 id="page-title">Allow ${escapeHtml(v.clientId)} to use your Alation account?</h1>
<p>Signed in as <strong>${escapeHtml(v.userName)}</strong> on ${escapeHtml(v.tenantHost)}.</p>
<dl>
<dt>Application</dt><dd><code>${escapeHtml(v.clientId)}</code></dd>
<dt>Access</dt><dd>${escapeHtml(v.scope)}</dd>
<dt>Returns to</dt><dd><code>${escapeHtml(v.redirectUri)}</code></dd>
</dl>
<form method="post" action="${escapeHtml(v.action)}">
<input type="hidden" name="request_id" value="${escapeHtml(v.requestId)}">
<div class="actions">
<button type="submit" class="allow" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny">Deny</button>
</div>
</form>`;
  return { status: 200, headers: HEADERS, body: page(`Sign in to Alation: allow ${v.clientId}?`, body) };
}

/** An error the user sees in the browser; the app is never redirected to (RFC 6749 4.1.2.1). */
export function errorPage(status: number, heading: string, text: string): Reply {
  const body = `<h1 id="page-title">${escapeHtml(heading)}</h1>\n<p>${escapeHtml(text)}</p>`;
  return { status, headers: HEADERS, body: page(`Sign-in error: ${heading}`, body) };
}
