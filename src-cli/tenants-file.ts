// The tenants file of `tenants export` and `tenants import`: every profile's settings, never a
// secret. A secret is named instead: the environment variable that holds it (`secretEnv`), read
// once when the file is imported; without one, it is asked for on a terminal.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import {
  authMethods,
  defaultRedirectPort,
  environmentPresets,
  environmentSchema,
  type AuthMethod,
  type TenantEnvironment,
  type TenantProfileInput,
  type TenantProfileView,
} from '../src-shared/tenant-profile';
import { AppError } from '../src-shared/errors';

export const tenantsFileFormat = 'byom-desk-tenants';

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name (letters, digits and _)');

export const tenantEntrySchema = z.strictObject({
  name: z.string().min(1),
  /** Any address of the tenant: it is saved as scheme, host and port. */
  url: z.string().min(1),
  /** `production`, `staging`, `sandbox` (their colours), your own label, or `{label, color}`. */
  environment: z.union([z.string().min(1), environmentSchema]),
  labels: z.array(z.string()).default([]),
  auth: z.strictObject({
    method: z.enum(authMethods),
    clientId: z.string().min(1).optional(),
    redirectPort: z.number().int().optional(),
    confidential: z.boolean().optional(),
    userId: z.string().optional(),
    /** The environment variable that holds the method's secret (client secret, token). */
    secretEnv: envName.optional(),
  }),
  /** A PEM file of the tenant's private CA, relative to this file. */
  caFile: z.string().min(1).optional(),
});
export type TenantEntry = z.infer<typeof tenantEntrySchema>;

export const tenantsFileSchema = z.strictObject({
  format: z.literal(tenantsFileFormat, `not a BYOM Desk tenants file (its "format" must be "${tenantsFileFormat}")`),
  version: z.literal(1, 'this BYOM Desk reads version 1 of the tenants file'),
  tenants: z.array(tenantEntrySchema),
});
export type TenantsFile = z.infer<typeof tenantsFileSchema>;

/** The colour of a preset environment; another label gets a neutral grey. */
export function environmentOf(value: string | TenantEnvironment): TenantEnvironment {
  if (typeof value !== 'string') return value;
  const preset = environmentPresets.find((p) => p.label === value.trim().toLowerCase());
  return preset ? { label: preset.label, color: preset.color } : { label: value.trim(), color: '#6e7781' };
}

/** Whether the method keeps a secret the person must give: the browser's only for a confidential client. */
export function needsSecret(method: AuthMethod, confidential: boolean): boolean {
  return method !== 'browser' || confidential;
}

export const secretLabels: Record<AuthMethod, string> = {
  browser: 'OAuth client secret',
  oauth: 'OAuth client secret',
  bearer: 'Bearer token',
  apiToken: 'API access token',
  refreshToken: 'Refresh token',
};

/** The contract's profile input for an entry; `secret` is the method's secret, when given. */
export function profileInputOf(entry: TenantEntry, secret: string | undefined, baseDir: string): TenantProfileInput {
  const { auth } = entry;
  const clientId = () => {
    if (!auth.clientId)
      throw new AppError(
        'validation',
        `“${entry.name}”: ${auth.method === 'browser' ? 'browser sign-in' : 'an OAuth client'} needs auth.clientId.`,
      );
    return auth.clientId;
  };
  const withSecret = <K extends string>(key: K) => (secret !== undefined ? ({ [key]: secret } as Record<K, string>) : {});
  const authInput: TenantProfileInput['auth'] =
    auth.method === 'browser'
      ? {
          method: 'browser',
          clientId: clientId(),
          redirectPort: auth.redirectPort ?? defaultRedirectPort,
          confidential: auth.confidential ?? false,
          ...withSecret('clientSecret'),
        }
      : auth.method === 'oauth'
        ? { method: 'oauth', clientId: clientId(), ...withSecret('clientSecret') }
        : auth.method === 'bearer'
          ? { method: 'bearer', ...withSecret('bearerToken') }
          : auth.method === 'apiToken'
            ? { method: 'apiToken', ...withSecret('apiToken') }
            : { method: 'refreshToken', userId: auth.userId ?? '', ...withSecret('refreshToken') };
  return {
    name: entry.name,
    baseUrl: entry.url,
    environment: environmentOf(entry.environment),
    labels: entry.labels,
    auth: authInput,
    ...(entry.caFile ? { caPem: readFileSync(resolve(baseDir, entry.caFile), 'utf8') } : {}),
  };
}

/** A profile as an entry of the file: its settings, no secret, no CA (the file names its own `caFile`). */
export function entryOf(profile: TenantProfileView): TenantEntry {
  const a = profile.auth;
  const auth: TenantEntry['auth'] =
    a.method === 'browser'
      ? { method: a.method, clientId: a.clientId, redirectPort: a.redirectPort, confidential: a.confidential }
      : a.method === 'oauth'
        ? { method: a.method, clientId: a.clientId }
        : a.method === 'refreshToken'
          ? { method: a.method, userId: a.userId }
          : { method: a.method };
  const preset = environmentPresets.some((p) => p.label === profile.environment.label && p.color === profile.environment.color);
  return {
    name: profile.name,
    url: profile.baseUrl,
    environment: preset ? profile.environment.label : profile.environment,
    labels: profile.labels,
    auth,
  };
}

export const baseDirOf = (file: string) => dirname(resolve(file));
