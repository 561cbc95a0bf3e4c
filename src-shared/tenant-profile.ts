// A tenant profile as the renderer and main agree on it. Secrets are part of the input only: what
// comes back says whether a secret is set, never what it is.
import { z } from 'zod';
import { pemCertificateBlocks, pemCertificatePattern } from './pem';
import { normalizeTenantUrl } from './tenant-url';

/** In the order a new user should consider them: the legacy two last. */
export const authMethods = ['browser', 'oauth', 'bearer', 'apiToken', 'refreshToken'] as const;
export type AuthMethod = (typeof authMethods)[number];

export const authMethodLabels: Record<AuthMethod, string> = {
  browser: 'Sign in with the browser',
  oauth: 'OAuth client credentials',
  bearer: 'Bearer token (pasted)',
  apiToken: 'API access token (legacy)',
  refreshToken: 'Refresh token and user ID (legacy)',
};

/** One line under each method in the form: when to choose it. */
export const authMethodHints: Record<AuthMethod, string> = {
  browser: 'Recommended for a person on this computer: you sign in to Alation in your browser, and no shared secret is kept here.',
  oauth: 'For a service or CI: a client ID and secret that a Server Admin made for it.',
  bearer: 'A token you already have from elsewhere. It cannot be renewed: paste a new one before it expires.',
  apiToken: "Legacy, for older deployments only: Alation's AI API may accept only OAuth tokens.",
  refreshToken: "Legacy, for older deployments only: Alation's AI API may accept only OAuth tokens.",
};

export const legacyAuthMethods: readonly AuthMethod[] = ['apiToken', 'refreshToken'];

/**
 * The secret each auth method keeps in the keychain, by account suffix. For browser sign-in it is
 * the refresh token the sign-in obtained (stored = signed in); a confidential client's secret has
 * an entry of its own (`browserClientSecret`).
 */
export const secretNameByMethod = {
  browser: 'oauthRefreshToken',
  oauth: 'clientSecret',
  bearer: 'bearerToken',
  apiToken: 'apiToken',
  refreshToken: 'refreshToken',
} as const satisfies Record<AuthMethod, string>;
export const browserClientSecretName = 'browserClientSecret';
export type SecretName = (typeof secretNameByMethod)[AuthMethod] | typeof browserClientSecretName;

/**
 * The loopback port of the browser sign-in's redirect, unless the profile says otherwise. Fixed, so
 * the redirect URI registered in Alation stays the same; not Alation CLI's 18722, so both can run.
 */
export const defaultRedirectPort = 47613;

/** The redirect URI to register in Alation's OAuth client, exactly as the sign-in sends it. */
export function redirectUriFor(port: number): string {
  return `http://127.0.0.1:${port}/callback`;
}

export const environmentPresets = [
  { label: 'production', color: '#cf222e' },
  { label: 'staging', color: '#bf8700' },
  { label: 'sandbox', color: '#1a7f37' },
] as const;

const hexColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #1a7f37');

export const environmentSchema = z.strictObject({
  label: z.string().trim().min(1, 'give the environment a name, such as production').max(40, 'keep it under 40 characters'),
  color: hexColor,
});
export type TenantEnvironment = z.infer<typeof environmentSchema>;

/** The one rule for a production tenant: changes to it need its name typed, as a confirmation. */
export const isProductionEnvironment = (environment: Pick<TenantEnvironment, 'label'>) =>
  environment.label.trim().toLowerCase() === 'production';

export const tenantUrlSchema = z.string().transform((raw, ctx) => {
  const result = normalizeTenantUrl(raw);
  if (!result.ok) {
    ctx.addIssue({ code: 'custom', message: result.message });
    return z.NEVER;
  }
  return result.baseUrl;
});

const secretText = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `enter the ${what}`)
    .max(8192, `the ${what} is longer than 8192 characters`)
    .refine((v) => !/\s/.test(v), `the ${what} cannot contain spaces or line breaks`);

/**
 * What is wrong with a custom CA's PEM text, if anything: a block other than a certificate (a
 * private key pasted with it, of any kind) is refused, never stored. Text around the blocks is fine:
 * only the certificate blocks are kept (`onlyCertificateBlocks`).
 */
export function caPemProblem(pem: string): string | undefined {
  const other = [...pem.matchAll(/-----BEGIN ([^-\r\n]+)-----/g)].map((m) => m[1]!.trim()).find((label) => label !== 'CERTIFICATE');
  if (other !== undefined) {
    const article = /^[AEIOU]/.test(other) ? 'an' : 'a';
    const key = other.includes('PRIVATE KEY') ? ' A private key must never be given to BYOM Desk: nothing was saved.' : '';
    const only = 'a CA file holds certificates only: paste just the CA certificate (-----BEGIN CERTIFICATE-----).';
    return `the file has ${article} ${other} block, and ${only}${key}`;
  }
  if (!pemCertificatePattern.test(pem)) return 'must be a PEM certificate (-----BEGIN CERTIFICATE-----)';
  return undefined;
}

/** The certificate blocks of a PEM text, one after the other: nothing else of it is stored. */
export function onlyCertificateBlocks(pem: string): string {
  return `${pemCertificateBlocks(pem).join('\n')}\n`;
}

const pemCertificate = z
  .string()
  .trim()
  .max(256 * 1024, 'the certificate file is larger than 256 KB')
  .superRefine((v, ctx) => {
    const problem = caPemProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .transform(onlyCertificateBlocks);

/** A pasted "Bearer eyJ..." loses its prefix: the header adds it again. */
const bearerText = z
  .string()
  .transform((v) => v.trim().replace(/^Bearer\s+/i, ''))
  .pipe(secretText('Bearer token'));

/** Secrets are optional here: creating requires the method's secret, editing keeps the stored one when absent. */
export const authInputSchema = z.discriminatedUnion('method', [
  z.strictObject({
    method: z.literal('browser'),
    clientId: z.string().trim().min(1, 'enter the OAuth client ID').max(256),
    redirectPort: z
      .number({ error: 'the port is a number from 1024 to 65535' })
      .int('the port is a whole number')
      .min(1024, 'use a port from 1024 to 65535')
      .max(65535, 'use a port from 1024 to 65535'),
    /** A confidential client has a secret; a public one (the usual choice, with PKCE) has none. */
    confidential: z.boolean(),
    clientSecret: secretText('client secret').optional(),
  }),
  z.strictObject({
    method: z.literal('oauth'),
    clientId: z.string().trim().min(1, 'enter the OAuth client ID').max(256),
    clientSecret: secretText('client secret').optional(),
  }),
  z.strictObject({ method: z.literal('bearer'), bearerToken: bearerText.optional() }),
  z.strictObject({ method: z.literal('apiToken'), apiToken: secretText('API access token').optional() }),
  z.strictObject({
    method: z.literal('refreshToken'),
    userId: z
      .string()
      .trim()
      .regex(/^\d{1,12}$/, 'the user ID is a number, shown with the refresh token'),
    refreshToken: secretText('refresh token').optional(),
  }),
]);
export type AuthInput = z.input<typeof authInputSchema>;

/** Free labels for grouping many tenants (region, customer, team); compared without case. */
export const profileLabelsSchema = z
  .array(z.string().trim().min(1, 'a label cannot be blank').max(40, 'keep each label under 40 characters'))
  .max(20, 'at most 20 labels')
  .refine((labels) => new Set(labels.map((l) => l.toLowerCase())).size === labels.length, 'each label only once');

export const tenantProfileInputSchema = z.strictObject({
  name: z.string().trim().min(1, 'give the tenant a name').max(80, 'keep the name under 80 characters'),
  baseUrl: tenantUrlSchema,
  environment: environmentSchema,
  labels: profileLabelsSchema.optional(),
  auth: authInputSchema,
  /** A PEM CA certificate for tenants behind a private CA; null removes it. */
  caPem: pemCertificate.nullable().optional(),
  /** Editing: the revision the form was opened on. A save over a newer one (another window's) is refused. */
  revision: z.number().int().min(1).optional(),
});
export type TenantProfileInput = z.input<typeof tenantProfileInputSchema>;
export type ParsedTenantProfileInput = z.output<typeof tenantProfileInputSchema>;

export const profileIdSchema = z.uuid('not a tenant profile id');

export interface CaCertificateSummary {
  subject: string;
  issuer: string;
  validTo: string;
  fingerprint256: string;
}

/**
 * Whether the keychain holds a profile's secret, never the secret itself. `unreadable`: the keychain
 * cannot be asked now (locked, or no Secret Service); the profile itself is still there.
 */
export type SecretState =
  { state: 'stored' } | { state: 'missing' } | { state: 'unreadable'; code: 'keychain_locked' | 'keychain_unavailable'; message: string };

/** What the renderer knows of a profile's authentication: never a secret, never a token. */
export type AuthView =
  | {
      method: 'browser';
      clientId: string;
      redirectPort: number;
      confidential: boolean;
      /** A call on this tenant found its refresh token refused or expired: sign in again. */
      signInRequired: boolean;
    }
  | { method: 'oauth'; clientId: string }
  /** `expiresAt`: the pasted token's `exp` when it is a JWT (ISO), worked out in main; null otherwise. */
  | { method: 'bearer'; expiresAt: string | null }
  | { method: 'apiToken' }
  | { method: 'refreshToken'; userId: string };

/** What the renderer knows of a profile. */
export interface TenantProfileView {
  id: string;
  name: string;
  baseUrl: string;
  insecureLoopback: boolean;
  environment: TenantEnvironment;
  labels: string[];
  auth: AuthView;
  /** For browser sign-in: whether the keychain holds a refresh token (stored = signed in). */
  secret: SecretState;
  caCertificate: CaCertificateSummary | null;
  createdAt: string;
  updatedAt: string;
  /** Bumped by every saved edit; the edit form sends back the one it was opened on. */
  revision: number;
}

type TypedSecrets = { method: AuthMethod; clientSecret?: string; apiToken?: string; refreshToken?: string; bearerToken?: string };

/** The secret typed for the chosen method, if any. Browser sign-in types none: the sign-in gets it. */
export function typedSecret(auth: TypedSecrets): string | undefined {
  switch (auth.method) {
    case 'browser':
      return undefined;
    case 'oauth':
      return auth.clientSecret;
    case 'bearer':
      return auth.bearerToken;
    case 'apiToken':
      return auth.apiToken;
    case 'refreshToken':
      return auth.refreshToken;
  }
}

/**
 * Whether an edit moves a tenant to another address (scheme, host or port; a path is not part of
 * it). A stored secret is only ever sent to the address it was saved for: after a move it must be
 * typed again, and a browser sign-in made again. Unparseable input is no move (the form says why).
 */
export function addressMoved(savedBaseUrl: string, typedAddress: string): boolean {
  const typed = normalizeTenantUrl(typedAddress);
  return typed.ok && new URL(typed.baseUrl).origin !== new URL(savedBaseUrl).origin;
}

/** What the secret's field says after a move of address: why the stored one is not used. */
export function addressMovedMessage(name: SecretName): string {
  return `the address changed: enter the ${secretLabels[name]} again (a stored secret is only sent to the address it was saved for)`;
}

export const secretLabels: Record<SecretName, string> = {
  oauthRefreshToken: 'sign-in',
  browserClientSecret: 'client secret',
  clientSecret: 'client secret',
  bearerToken: 'Bearer token',
  apiToken: 'API access token',
  refreshToken: 'refresh token',
};
