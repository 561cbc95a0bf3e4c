// The tenant form's state and how it becomes a TenantProfileInput. Kept apart from the component so
// the mapping is tested on its own.
import type { AppErrorShape } from '../../../src-shared/errors';
import {
  addressMoved,
  addressMovedMessage,
  defaultRedirectPort,
  environmentPresets,
  secretLabels,
  secretNameByMethod,
  tenantProfileInputSchema,
  type AuthMethod,
  type TenantProfileInput,
  type TenantProfileView,
} from '../../../src-shared/tenant-profile';

export interface TenantFormState {
  name: string;
  baseUrl: string;
  environmentPreset: (typeof environmentPresets)[number]['label'] | 'other';
  environmentLabel: string;
  environmentColor: string;
  method: AuthMethod;
  /** The OAuth client ID: of the client credentials, or of the browser sign-in's client. */
  clientId: string;
  /** The client credentials' secret, or a confidential browser client's. */
  clientSecret: string;
  /** Browser sign-in: the loopback redirect port, as typed. */
  redirectPort: string;
  /** Browser sign-in: the client is confidential (it has a secret). */
  confidential: boolean;
  bearerToken: string;
  apiToken: string;
  refreshToken: string;
  userId: string;
  /** Comma-separated, as typed. */
  labels: string;
  /** A certificate loaded or pasted now; blank keeps what is stored (editing) or means none (adding). */
  caPem: string;
  /** Editing only: the user asked to remove the stored certificate. */
  removeCa: boolean;
  /** Editing only: the profile's revision when the form was opened; a save over a newer one is refused. */
  revision?: number;
}

export type FieldErrors = Record<string, string>;

export function emptyForm(): TenantFormState {
  return {
    name: '',
    baseUrl: '',
    environmentPreset: 'production',
    environmentLabel: 'production',
    environmentColor: environmentPresets[0].color,
    method: 'browser',
    clientId: '',
    clientSecret: '',
    redirectPort: String(defaultRedirectPort),
    confidential: false,
    bearerToken: '',
    apiToken: '',
    refreshToken: '',
    userId: '',
    labels: '',
    caPem: '',
    removeCa: false,
  };
}

export function formFromProfile(profile: TenantProfileView): TenantFormState {
  const preset = environmentPresets.find((p) => p.label === profile.environment.label && p.color === profile.environment.color);
  return {
    ...emptyForm(),
    name: profile.name,
    baseUrl: profile.baseUrl,
    environmentPreset: preset ? preset.label : 'other',
    environmentLabel: profile.environment.label,
    environmentColor: profile.environment.color,
    method: profile.auth.method,
    clientId: profile.auth.method === 'oauth' || profile.auth.method === 'browser' ? profile.auth.clientId : '',
    redirectPort: profile.auth.method === 'browser' ? String(profile.auth.redirectPort) : String(defaultRedirectPort),
    confidential: profile.auth.method === 'browser' && profile.auth.confidential,
    userId: profile.auth.method === 'refreshToken' ? profile.auth.userId : '',
    labels: profile.labels.join(', '),
    revision: profile.revision,
  };
}

/** Labels as typed ("emea, acme ,") to the list a profile keeps. */
export function parseLabels(text: string): string[] {
  return text
    .split(',')
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

/** Whether the keychain is believed to hold the profile's secret (an unreadable one may well be there). */
export function hasStoredSecret(profile: TenantProfileView): boolean {
  return profile.secret.state !== 'missing';
}

const blankToUndefined = (v: string) => (v.trim() === '' ? undefined : v);

/** The port as typed: a number when it is one (the schema then checks the range), else NaN, which it refuses. */
const portOf = (text: string) => (/^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN);

function authInput(form: TenantFormState): TenantProfileInput['auth'] {
  switch (form.method) {
    case 'browser':
      return {
        method: 'browser',
        clientId: form.clientId,
        redirectPort: portOf(form.redirectPort),
        confidential: form.confidential,
        // A public client has no secret: one typed before unticking is not sent.
        clientSecret: form.confidential ? blankToUndefined(form.clientSecret) : undefined,
      };
    case 'oauth':
      return { method: 'oauth', clientId: form.clientId, clientSecret: blankToUndefined(form.clientSecret) };
    case 'bearer':
      return { method: 'bearer', bearerToken: blankToUndefined(form.bearerToken) };
    case 'apiToken':
      return { method: 'apiToken', apiToken: blankToUndefined(form.apiToken) };
    case 'refreshToken':
      return { method: 'refreshToken', userId: form.userId, refreshToken: blankToUndefined(form.refreshToken) };
  }
}

/** The field that holds a method's typed secret (a confidential browser client's secret included). */
const secretFieldOf = {
  browser: 'clientSecret',
  oauth: 'clientSecret',
  apiToken: 'apiToken',
  refreshToken: 'refreshToken',
  bearer: 'bearerToken',
} as const satisfies Record<AuthMethod, keyof TenantFormState>;

/** A saved profile's form with only its secret typed: what saves that secret and changes nothing else. */
export function formWithSecret(profile: TenantProfileView, secret: string): TenantFormState {
  return { ...formFromProfile(profile), [secretFieldOf[profile.auth.method]]: secret };
}

export function toProfileInput(form: TenantFormState): TenantProfileInput {
  const auth = authInput(form);
  return {
    name: form.name,
    baseUrl: form.baseUrl,
    environment: { label: form.environmentLabel, color: form.environmentColor },
    labels: parseLabels(form.labels),
    auth,
    // Nothing here means: keep the stored certificate (editing) or none (adding). Clearing the box
    // never removes a stored one; only "Remove certificate" does.
    ...(form.removeCa ? { caPem: null } : form.caPem.trim() ? { caPem: form.caPem } : {}),
    ...(form.revision !== undefined ? { revision: form.revision } : {}),
  };
}

/**
 * The same zod schema main applies, run before anything is sent. A secret is required when adding
 * a tenant or switching its method; editing with the same method keeps the stored one.
 */
export function validateForm(form: TenantFormState, editing: TenantProfileView | null): FieldErrors {
  const input = toProfileInput(form);
  const errors: FieldErrors = {};
  const parsed = tenantProfileInputSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) errors[issue.path.join('.')] ??= issue.message;
  }
  // A stored secret is only sent to the address it was saved for: a move needs it typed again.
  const moved = editing !== null && addressMoved(editing.baseUrl, form.baseUrl);
  if (form.method === 'browser') {
    // The refresh token comes from the sign-in; only a confidential client's secret is typed.
    const storedSecret = editing?.auth.method === 'browser' && editing.auth.confidential;
    if (form.confidential && (!storedSecret || moved) && blankToUndefined(form.clientSecret) === undefined) {
      errors['auth.clientSecret'] ??= storedSecret ? addressMovedMessage('browserClientSecret') : 'enter the client secret';
    }
    return errors;
  }
  const secretName = secretNameByMethod[form.method];
  const needsSecret = !editing || editing.auth.method !== form.method || !hasStoredSecret(editing);
  if ((needsSecret || moved) && blankToUndefined(form[secretName]) === undefined) {
    errors[`auth.${secretName}`] ??= needsSecret ? `enter the ${secretLabels[secretName]}` : addressMovedMessage(secretName);
  }
  return errors;
}

/** Field errors that main sent back, keyed like the client-side ones. */
export function fieldErrorsFrom(error: AppErrorShape): FieldErrors {
  const errors: FieldErrors = {};
  for (const f of error.details?.fields ?? []) errors[f.path] ??= f.message;
  return errors;
}
