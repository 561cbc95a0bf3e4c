// What a tenant's address is: scheme, host and port, nothing else. Admins paste whatever is in their
// address bar (`https://acme.alationcloud.com/app/studio/models`, `.../ai/docs`), so paths, queries
// and trailing slashes are dropped rather than refused.

export type TenantUrlResult = { ok: true; baseUrl: string; insecureLoopback: boolean } | { ok: false; message: string };

/**
 * The one rule for "this computer", used by the tenant form and the API client alike: plain http
 * is allowed only here. `*.localhost` names are not included: Node's resolver does not promise to
 * send them to 127.0.0.1, so a token could travel to another machine unencrypted.
 */
export function isLoopbackHost(hostname: string): boolean {
  // Stryker disable next-line Regex: a URL's hostname has its brackets at both ends or none, so anchoring only one end changes nothing
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  // A URL parser reads a host that ends in a number as a whole IPv4 address (or refuses it), so nothing can come before the 127.
  // Stryker disable next-line Regex: every caller passes a URL's hostname, so anchoring the start changes nothing
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

export function normalizeTenantUrl(raw: string): TenantUrlResult {
  const text = raw.trim();
  if (!text) return { ok: false, message: 'Enter the tenant’s address, for example https://acme.alationcloud.com' };
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { ok: false, message: `“${text}” is not a web address. Use the form https://acme.alationcloud.com` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, message: `The address must start with https:// (found ${url.protocol}//).` };
  }
  if (url.username || url.password) {
    return { ok: false, message: 'Leave user names and passwords out of the address; choose an authentication method below.' };
  }
  const loopback = isLoopbackHost(url.hostname);
  if (url.protocol === 'http:' && !loopback) {
    return { ok: false, message: 'Use https:// for a tenant. Plain http:// is accepted only for a tenant on this computer (localhost).' };
  }
  return { ok: true, baseUrl: url.origin, insecureLoopback: url.protocol === 'http:' };
}
