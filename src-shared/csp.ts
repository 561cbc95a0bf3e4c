/**
 * The renderer's Content-Security-Policy, sent as a header by the app's protocol handler and by the
 * web harness alike. No inline script, no eval, nothing from outside the app's own origin.
 */
export const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');
