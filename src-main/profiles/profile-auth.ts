// How each sign-in method of a profile maps between the form's input, the profile file, the
// keychain and the tenant client. Pure functions: the keychain itself is `tenant-profiles.ts`'s.
import { AppError } from '../../src-shared/errors';
import { jwtExpiry } from '../../src-shared/jwt';
import {
  addressMoved,
  addressMovedMessage,
  browserClientSecretName,
  caPemProblem,
  onlyCertificateBlocks,
  secretLabels,
  secretNameByMethod,
  typedSecret,
  type AuthView,
  type ParsedTenantProfileInput,
  type SecretName,
} from '../../src-shared/tenant-profile';
import type { TenantAuth } from '../alation/auth';
import type { SecretStore } from '../secrets/secret-store';
import { summarizeCaPem } from './ca-certificate';
import type { StoredProfile } from './profile-store';

type StoredAuth = StoredProfile['auth'];

export function secretAccount(profileId: string, secret: SecretName): string {
  return `profile/${profileId}/${secret}`;
}

/** The keychain entry whose presence the profile's "secret" state reports (for browser sign-in: the refresh token). */
export const accountOf = (p: Pick<StoredProfile, 'id' | 'auth'>) => secretAccount(p.id, secretNameByMethod[p.auth.method]);

/** A confidential browser client's secret: an entry of its own, beside the refresh token. */
export const browserSecretAccount = (profileId: string) => secretAccount(profileId, browserClientSecretName);

/** The parts of a profile a connection depends on, as one comparable string. */
export function connectionOf(p: Pick<StoredProfile, 'baseUrl' | 'auth' | 'caPem'>): string {
  return JSON.stringify([p.baseUrl, p.auth, p.caPem ?? null]);
}

/**
 * Whether a refresh token from a browser sign-in still belongs to the profile after an edit: it was
 * issued by this tenant to this client, so a new address or client ID needs a new sign-in. The port
 * and the client's secret do not change who the token belongs to.
 */
export function keepsSignIn(before: Pick<StoredProfile, 'baseUrl' | 'auth'>, after: Pick<StoredProfile, 'baseUrl' | 'auth'>): boolean {
  return (
    before.auth.method === 'browser' &&
    after.auth.method === 'browser' &&
    before.baseUrl === after.baseUrl &&
    before.auth.clientId === after.auth.clientId
  );
}

/**
 * The keychain entries an edit (or a tenant list's update) leaves unused, to delete once it is
 * saved: the old method's secret, a sign-in that no longer belongs (`keepsSignIn`), a confidential
 * client's secret the profile no longer needs.
 */
export function secretsLeftBehind(
  before: Pick<StoredProfile, 'id' | 'baseUrl' | 'auth'>,
  after: Pick<StoredProfile, 'baseUrl' | 'auth'>,
): string[] {
  const accounts: string[] = [];
  const methodChanged = before.auth.method !== after.auth.method;
  if (methodChanged || (after.auth.method === 'browser' && !keepsSignIn(before, after))) accounts.push(accountOf(before));
  const confidentialAfter = after.auth.method === 'browser' && after.auth.confidential;
  if (before.auth.method === 'browser' && (methodChanged || (before.auth.confidential && !confidentialAfter))) {
    accounts.push(browserSecretAccount(before.id));
  }
  return accounts;
}

/**
 * The tenant client's authentication from the profile and its secrets. For browser sign-in this is
 * the refresh token (and a confidential client's secret); the token endpoint, the rotation hook and
 * a fresh access token are added by the tenant clients.
 */
export function authWithSecret(auth: StoredAuth, secret: string, browserClientSecret?: string): TenantAuth {
  switch (auth.method) {
    case 'browser':
      return {
        method: 'browser',
        clientId: auth.clientId,
        refreshToken: secret,
        ...(auth.confidential && browserClientSecret !== undefined ? { clientSecret: browserClientSecret } : {}),
      };
    case 'oauth':
      return { method: 'oauth', clientId: auth.clientId, clientSecret: secret };
    case 'bearer':
      return { method: 'bearer', token: secret };
    case 'apiToken':
      return { method: 'apiToken', token: secret };
    case 'refreshToken':
      return { method: 'refreshToken', refreshToken: secret, userId: auth.userId };
  }
}

/**
 * What the profile file keeps of the form's authentication. A pasted Bearer token's `exp` is read
 * here, in main (the page only ever sees the instant); `previous` keeps it when no new token was typed.
 */
export function storedAuth(auth: ParsedTenantProfileInput['auth'], previous?: StoredAuth): StoredAuth {
  switch (auth.method) {
    case 'browser':
      return { method: 'browser', clientId: auth.clientId, redirectPort: auth.redirectPort, confidential: auth.confidential };
    case 'oauth':
      return { method: 'oauth', clientId: auth.clientId };
    case 'bearer': {
      if (auth.bearerToken === undefined) return { method: 'bearer', expiresAt: previous?.method === 'bearer' ? previous.expiresAt : null };
      const exp = jwtExpiry(auth.bearerToken);
      return { method: 'bearer', expiresAt: exp === undefined ? null : new Date(exp).toISOString() };
    }
    case 'apiToken':
      return { method: 'apiToken' };
    case 'refreshToken':
      return { method: 'refreshToken', userId: auth.userId };
  }
}

export function authView(auth: StoredAuth, signInRequired: boolean): AuthView {
  return auth.method === 'browser' ? { ...auth, signInRequired } : auth;
}

/**
 * Refuses to send a stored secret to a new address: an edit that moves the tenant (scheme, host or
 * port) must carry the secret typed again, for Test and for Save.
 */
export function assertSecretFollowsNoMove(
  stored: Pick<StoredProfile, 'baseUrl'>,
  draft: ParsedTenantProfileInput,
  name: SecretName,
  typed: unknown,
): void {
  if (typed !== undefined || !addressMoved(stored.baseUrl, draft.baseUrl)) return;
  const field = addressMovedMessage(name);
  const [from, to] = [new URL(stored.baseUrl).host, new URL(draft.baseUrl).host];
  // A confidential browser client's secret is typed in the form's client secret field.
  const path = `auth.${name === browserClientSecretName ? 'clientSecret' : name}`;
  const message =
    `The address changed from ${from} to ${to}: enter the ${secretLabels[name]} again. ` +
    'A stored secret is only sent to the address it was saved for.';
  throw new AppError('validation', message, { fields: [{ path, message: field }] });
}

/**
 * An edit keeps no stored secret across a move of address: the method's secret (unless the method
 * changes, which asks for it anyway) and a confidential browser client's secret must be typed again.
 * A browser sign-in's refresh token is dropped by the edit itself (`keepsSignIn`).
 */
export function assertNoStoredSecretMoves(current: Pick<StoredProfile, 'baseUrl' | 'auth'>, input: ParsedTenantProfileInput): void {
  if (input.auth.method === 'browser') {
    if (input.auth.confidential && current.auth.method === 'browser' && current.auth.confidential) {
      assertSecretFollowsNoMove(current, input, browserClientSecretName, input.auth.clientSecret);
    }
  } else if (current.auth.method === input.auth.method) {
    assertSecretFollowsNoMove(current, input, secretNameByMethod[input.auth.method], typedSecret(input.auth));
  }
}

/** Puts a keychain entry back as it was (`null`: there was none); never throws. */
export const putBack = (secrets: SecretStore, account: string, previous: string | null) =>
  (previous === null ? secrets.delete(account) : secrets.set(account, previous)).catch(() => false);

/** The secret the form must give for this action; browser sign-in gives none (the sign-in gets it). */
export function requiredSecret(input: ParsedTenantProfileInput, action: string): string {
  const secret = typedSecret(input.auth);
  if (secret !== undefined) return secret;
  const name = secretNameByMethod[input.auth.method];
  throw new AppError('validation', `To ${action} this tenant, enter its ${secretLabels[name]}.`, {
    fields: [{ path: `auth.${name}`, message: `enter the ${secretLabels[name]}` }],
  });
}

/** A confidential browser client's typed secret; required where none is stored yet. */
export function browserClientSecretOf(input: ParsedTenantProfileInput, required: boolean): string | undefined {
  if (input.auth.method !== 'browser' || !input.auth.confidential) return undefined;
  if (input.auth.clientSecret !== undefined || !required) return input.auth.clientSecret;
  throw new AppError('validation', 'A confidential client needs its client secret: enter it, or untick "Confidential client".', {
    fields: [{ path: 'auth.clientSecret', message: 'enter the client secret' }],
  });
}

/** The sign-in a browser profile has not had yet, or lost: the message says what to press. */
export function notSignedIn(profileName: string): AppError {
  return new AppError(
    'sign_in_required',
    `You have not signed in to “${profileName}” with the browser yet. Press Sign in on the Tenants screen.`,
  );
}

/**
 * A CA the form gave, checked (it must parse; a private key or any other block beside the
 * certificates is refused, whoever sent it), and reduced to its certificate blocks; null removes it.
 */
export function checkedCa(pem: string | null): string | null {
  if (pem === null) return null;
  const problem = caPemProblem(pem);
  if (problem) {
    throw new AppError('validation', `The custom CA certificate cannot be used: ${problem}`, {
      fields: [{ path: 'caPem', message: problem }],
    });
  }
  const certificates = onlyCertificateBlocks(pem);
  summarizeCaPem(certificates);
  return certificates;
}
