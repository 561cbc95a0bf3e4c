// A tenant profile as the renderer and main agree on it. Secrets are part of the input only: what
// comes back says whether a secret is set, never what it is.
import { z } from 'zod';
import { pemCertificatePattern } from './pem';
import { normalizeTenantUrl } from './tenant-url';

export const authMethods = ['oauth', 'apiToken', 'refreshToken'] as const;
export type AuthMethod = (typeof authMethods)[number];

export const authMethodLabels: Record<AuthMethod, string> = {
  oauth: 'OAuth client credentials',
  apiToken: 'API access token',
  refreshToken: 'Refresh token and user ID',
};

/** The secret each auth method keeps in the keychain, by account suffix. */
export const secretNameByMethod = { oauth: 'clientSecret', apiToken: 'apiToken', refreshToken: 'refreshToken' } as const;
export type SecretName = (typeof secretNameByMethod)[AuthMethod];

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
export const isProductionEnvironment = (environment: Pick<TenantEnvironment, 'label'>) => environment.label.trim().toLowerCase() === 'production';

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

const pemCertificate = z
  .string()
  .trim()
  .max(256 * 1024, 'the certificate file is larger than 256 KB')
  .refine((v) => pemCertificatePattern.test(v), 'must be a PEM certificate (-----BEGIN CERTIFICATE-----)');

/** Secrets are optional here: creating requires the method's secret, editing keeps the stored one when absent. */
export const authInputSchema = z.discriminatedUnion('method', [
  z.strictObject({
    method: z.literal('oauth'),
    clientId: z.string().trim().min(1, 'enter the OAuth client ID').max(256),
    clientSecret: secretText('client secret').optional(),
  }),
  z.strictObject({ method: z.literal('apiToken'), apiToken: secretText('API access token').optional() }),
  z.strictObject({
    method: z.literal('refreshToken'),
    userId: z.string().trim().regex(/^\d{1,12}$/, 'the user ID is a number, shown with the refresh token'),
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
  | { state: 'stored' }
  | { state: 'missing' }
  | { state: 'unreadable'; code: 'keychain_locked' | 'keychain_unavailable'; message: string };

/** What the renderer knows of a profile. */
export interface TenantProfileView {
  id: string;
  name: string;
  baseUrl: string;
  insecureLoopback: boolean;
  environment: TenantEnvironment;
  labels: string[];
  auth: { method: 'oauth'; clientId: string } | { method: 'apiToken' } | { method: 'refreshToken'; userId: string };
  secret: SecretState;
  caCertificate: CaCertificateSummary | null;
  createdAt: string;
  updatedAt: string;
}

/** The secret typed for the chosen method, if any. */
export function typedSecret(auth: { method: AuthMethod; clientSecret?: string; apiToken?: string; refreshToken?: string }): string | undefined {
  return auth[secretNameByMethod[auth.method]];
}

export const secretLabels: Record<SecretName, string> = {
  clientSecret: 'client secret',
  apiToken: 'API access token',
  refreshToken: 'refresh token',
};
