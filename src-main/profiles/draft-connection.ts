// How the tenant form's unsaved values are tested: with the saved profile's own client when they
// describe its connection exactly (no second OAuth token), else with a connection of their own.
import { AppError } from '../../src-shared/errors';
import { secretNameByMethod, typedSecret, type ParsedTenantProfileInput } from '../../src-shared/tenant-profile';
import { assertSecretFollowsNoMove, authWithSecret, checkedCa, connectionOf, requiredSecret, storedAuth } from './profile-auth';
import type { StoredProfile } from './profile-store';
import type { ConnectionTarget } from './tenant-profiles';

/** How to test the form's unsaved values. */
export type DraftConnection =
  /** Nothing that makes the connection differs from the saved profile: test with its own client. */
  | { kind: 'saved'; id: string }
  /**
   * A connection of its own. `supersedes`: the saved profile whose OAuth token a new token for the
   * same client id will invalidate (the tenant keeps one token per client).
   */
  | { kind: 'draft'; target: ConnectionTarget; supersedes?: string };

/**
 * `stored`: the profile being edited, if any. A blank secret means the stored one, as long as the
 * method is unchanged. `secretFor` reads a saved profile's secret from the keychain.
 */
export async function draftConnectionOf(
  draft: ParsedTenantProfileInput,
  stored: StoredProfile | undefined,
  secretFor: (profile: StoredProfile) => Promise<string>,
): Promise<DraftConnection> {
  if (draft.auth.method === 'browser') return draftBrowserConnection(draft, stored, secretFor);
  const typed = typedSecret(draft.auth);
  const sameMethod = stored !== undefined && stored.auth.method === draft.auth.method;
  // The stored secret is never sent to an address the form moved the tenant to.
  if (sameMethod) assertSecretFollowsNoMove(stored, draft, secretNameByMethod[draft.auth.method], typed);
  // A typed secret is tested as it is: the stored one is read only to fill a blank, or to tell
  // whether the typed one is the same (which the keychain may not say now: then it is not).
  const savedSecret = !sameMethod
    ? undefined
    : typed === undefined
      ? await secretFor(stored)
      : await secretFor(stored).catch(() => undefined);
  const secret = typed ?? savedSecret ?? requiredSecret(draft, 'test');
  const caPem = draft.caPem === undefined ? stored?.caPem : checkedCa(draft.caPem);
  const auth = storedAuth(draft.auth, stored?.auth);
  if (stored && secret === savedSecret && connectionOf(stored) === connectionOf({ baseUrl: draft.baseUrl, auth, caPem: caPem ?? null })) {
    return { kind: 'saved', id: stored.id };
  }
  const target: ConnectionTarget = { baseUrl: draft.baseUrl, auth: authWithSecret(auth, secret), caPem: caPem ?? undefined };
  const sharesOAuthClient =
    stored?.auth.method === 'oauth' &&
    auth.method === 'oauth' &&
    stored.auth.clientId === auth.clientId &&
    stored.baseUrl === draft.baseUrl;
  return sharesOAuthClient ? { kind: 'draft', target, supersedes: stored.id } : { kind: 'draft', target };
}

/**
 * A browser profile can only be tested once signed in: the saved one, when the form describes the
 * same connection. Anything else is saved first, then signed in.
 */
async function draftBrowserConnection(
  draft: ParsedTenantProfileInput,
  stored: StoredProfile | undefined,
  secretFor: (profile: StoredProfile) => Promise<string>,
): Promise<DraftConnection> {
  const auth = storedAuth(draft.auth, stored?.auth);
  const caPem = draft.caPem === undefined ? stored?.caPem : checkedCa(draft.caPem);
  const typedClientSecret = draft.auth.method === 'browser' ? draft.auth.clientSecret : undefined;
  const drafted = connectionOf({ baseUrl: draft.baseUrl, auth, caPem: caPem ?? null });
  const sameConnection = stored !== undefined && connectionOf(stored) === drafted;
  if (stored && sameConnection && typedClientSecret === undefined) {
    await secretFor(stored);
    return { kind: 'saved', id: stored.id };
  }
  throw new AppError('validation', 'Save the tenant, then sign in with the browser: a connection is tested once you have signed in.');
}
