// Tenant profiles: metadata in the profiles document, secrets in the keychain (one entry per
// profile and secret). The order of writes makes sure a failure never leaves a profile without its
// secret or a secret without its profile. A keychain that cannot be read now (locked, no Secret
// Service) never hides the profiles: each says why its secret cannot be read.
import { needsTypedName } from '../../src-shared/app-settings';
import { randomUUID } from 'node:crypto';
import { AppError } from '../../src-shared/errors';
import { typedSecret, type SecretState, type ParsedTenantProfileInput, type TenantProfileView } from '../../src-shared/tenant-profile';
import type { TenantAuth } from '../alation/auth';
import type { Logger } from '../log/logger';
import { isKeychainProblem, type SecretStore } from '../secrets/secret-store';
import type { DocumentFiles } from '../storage/document-file';
import { Turns } from '../storage/turns';
import type { StoreNotice } from '../storage/versioned-document';
import { draftConnectionOf, type DraftConnection } from './draft-connection';
import {
  accountOf,
  assertNoStoredSecretMoves,
  authWithSecret,
  browserClientSecretOf,
  browserSecretAccount,
  checkedCa,
  connectionOf,
  keepsSignIn,
  notSignedIn,
  putBack,
  requiredSecret,
  secretsLeftBehind,
  storedAuth,
} from './profile-auth';
import {
  assertUniqueName,
  changedElsewhere,
  openProfileStore,
  profileGone,
  withOnlyCertificates,
  type StoredProfile,
} from './profile-store';
import { toView } from './profile-view';
import type { ListPlan, ListStamp } from './tenant-list-file';

export { secretAccount } from './profile-auth';

export interface TenantProfilesDeps {
  files: DocumentFiles;
  secrets: SecretStore;
  log: Logger;
  now?: () => Date;
  newId?: () => string;
  /** The environments whose tenants need their name typed before a change (a setting; "production" when absent). */
  typedNameEnvironments?: () => readonly string[];
}

export interface ConnectionTarget {
  baseUrl: string;
  auth: TenantAuth;
  caPem?: string;
}

export interface ProfileUpdate {
  view: TenantProfileView;
  /** Address, authentication, secret or CA changed: the tenant's client must be replaced. */
  connectionChanged: boolean;
}

export type { DraftConnection } from './draft-connection';
const profilePrefix = (profileId: string) => `profile/${profileId}/`;

export class TenantProfiles {
  private readonly doc;
  private profiles: StoredProfile[];
  readonly notices: StoreNotice[];
  private readonly now: () => Date;
  private readonly newId: () => string;
  /** Bumped when a profile's secret is replaced (or a new sign-in stored): part of its connection key. */
  private readonly secretRevisions = new Map<string, number>();
  /** Browser profiles whose refresh token a call found refused or expired (this run): they say "Sign in again". */
  private readonly signInRequired = new Set<string>();
  /**
   * Bumped when a sign-in stores a new refresh token. A client made before keeps renewing on the old
   * chain until it is closed: what it rotates then is not written over the new sign-in's token.
   */
  private readonly signInEpochs = new Map<string, number>();
  /** Edits and removals of one profile, one after the other. */
  private readonly turns = new Turns();
  /** A new sign-in's keychain write under way: a client made now waits for it, so it reads the new token. */
  private readonly signInWrites = new Map<string, Promise<unknown>>();

  constructor(private readonly deps: TenantProfilesDeps) {
    this.doc = openProfileStore(deps.files, deps.log);
    const { value, notices } = this.doc.load();
    this.profiles = value.profiles;
    this.notices = notices;
    this.now = deps.now ?? (() => new Date());
    this.newId = deps.newId ?? randomUUID;
    this.removeKeysStoredWithCas();
  }

  /** An older version kept a CA file whole: a private key pasted with it goes now, the certificates stay. */
  private removeKeysStoredWithCas(): void {
    const { profiles, cleaned } = withOnlyCertificates(this.profiles);
    if (cleaned.length === 0) return;
    try {
      this.save(profiles);
      for (const id of cleaned) this.deps.log.warn('profile.ca_cleaned', { profile: id });
    } catch {
      // A file from a newer version, or one that cannot be written: left as it is; only the certificates are used.
      this.profiles = profiles;
    }
  }

  /** Every profile, from the metadata file; the keychain only adds whether each secret is there. */
  async list(): Promise<TenantProfileView[]> {
    let stateOf: (p: StoredProfile) => SecretState;
    try {
      const accounts = new Set(await this.deps.secrets.listAccounts('profile/'));
      stateOf = (p) => (accounts.has(accountOf(p)) ? { state: 'stored' } : { state: 'missing' });
    } catch (error) {
      if (!isKeychainProblem(error)) throw error;
      const unreadable: SecretState = { state: 'unreadable', code: error.code, message: error.message };
      stateOf = () => unreadable;
    }
    return this.profiles.map((p) => this.view(p, stateOf(p)));
  }

  ids(): string[] {
    return this.profiles.map((p) => p.id);
  }

  /** Each pasted Bearer token's expiry (a JWT's `exp`), for the reminders: no keychain read. */
  bearerExpiries(): { tenantId: string; tenantName: string; expiresAt: string }[] {
    return this.profiles.flatMap((p) =>
      p.auth.method === 'bearer' && p.auth.expiresAt ? [{ tenantId: p.id, tenantName: p.name, expiresAt: p.auth.expiresAt }] : [],
    );
  }

  get(id: string): StoredProfile {
    const profile = this.profiles.find((p) => p.id === id);
    if (!profile) throw profileGone();
    return profile;
  }

  /** Whether a change to this tenant needs its name typed: its environment is one the settings name. */
  needsTypedName(id: string): boolean {
    return needsTypedName(this.get(id).environment, this.deps.typedNameEnvironments?.());
  }

  async create(input: ParsedTenantProfileInput): Promise<TenantProfileView> {
    assertUniqueName(this.profiles, input.name);
    // A browser profile is made before its sign-in: it has no refresh token yet.
    const secret = input.auth.method === 'browser' ? undefined : requiredSecret(input, 'add');
    const clientSecret = browserClientSecretOf(input, true);
    const caPem = checkedCa(input.caPem ?? null);
    const stamp = this.now().toISOString();
    const profile: StoredProfile = {
      id: this.newId(),
      name: input.name,
      baseUrl: input.baseUrl,
      environment: input.environment,
      labels: input.labels ?? [],
      auth: storedAuth(input.auth),
      caPem,
      revision: 1,
      createdAt: stamp,
      updatedAt: stamp,
    };
    const writes: [account: string, secret: string][] = [];
    if (secret !== undefined) writes.push([accountOf(profile), secret]);
    if (clientSecret !== undefined) writes.push([browserSecretAccount(profile.id), clientSecret]);
    const undo = () => Promise.all(writes.map(([account]) => this.deps.secrets.delete(account).catch(() => false)));
    try {
      for (const [account, value] of writes) await this.deps.secrets.set(account, value);
    } catch (error) {
      // A write given up on may still land: undo it then (the keychain runs this after it).
      void undo();
      throw error;
    }
    try {
      this.save([...this.profiles, profile]);
    } catch (error) {
      await undo();
      throw error;
    }
    this.deps.log.info('profile.created', { profile: profile.id, method: profile.auth.method });
    return this.view(profile, secret === undefined ? { state: 'missing' } : { state: 'stored' });
  }

  update(id: string, input: ParsedTenantProfileInput): Promise<ProfileUpdate> {
    // Edits and the removal of one profile take turns: a second edit on the same revision meets the first's.
    return this.turns.run(id, () => this.updateNow(id, input));
  }

  private async updateNow(id: string, input: ParsedTenantProfileInput): Promise<ProfileUpdate> {
    const current = this.get(id);
    if (input.revision !== undefined && input.revision !== current.revision) throw changedElsewhere(current.name);
    assertUniqueName(this.profiles, input.name, id);
    const methodChanged = current.auth.method !== input.auth.method;
    const browser = input.auth.method === 'browser';
    // Browser sign-in types no secret: its refresh token comes from a sign-in, never from the form.
    const newSecret = browser ? undefined : methodChanged ? requiredSecret(input, 'change the method of') : typedSecret(input.auth);
    // The stored secret never follows a new address: typed again, or refused (a browser sign-in is dropped below).
    assertNoStoredSecretMoves(current, input);
    const caPem = input.caPem === undefined ? current.caPem : checkedCa(input.caPem);
    const updated: StoredProfile = {
      ...current,
      name: input.name,
      baseUrl: input.baseUrl,
      environment: input.environment,
      labels: input.labels ?? current.labels,
      auth: storedAuth(input.auth, current.auth),
      caPem,
      revision: current.revision + 1,
      updatedAt: this.now().toISOString(),
    };
    const hadConfidentialSecret = current.auth.method === 'browser' && current.auth.confidential;
    const clientSecret = browserClientSecretOf(input, !hadConfidentialSecret);
    const dropSignIn = browser && !methodChanged && !keepsSignIn(current, updated);
    const account = accountOf(updated);
    const previous = newSecret === undefined ? null : await this.deps.secrets.get(account);
    const restore = () => putBack(this.deps.secrets, account, previous);
    const previousClientSecret = clientSecret === undefined ? null : await this.deps.secrets.get(browserSecretAccount(id));
    const restoreClientSecret = () => putBack(this.deps.secrets, browserSecretAccount(id), previousClientSecret);
    try {
      if (newSecret !== undefined) await this.deps.secrets.set(account, newSecret);
      if (clientSecret !== undefined) await this.deps.secrets.set(browserSecretAccount(id), clientSecret);
    } catch (error) {
      // A write given up on may still land: put the old secrets back then, as the file still says.
      void restore();
      void restoreClientSecret();
      throw error;
    }
    // The keychain was awaited: the profile must still be the revision checked above. (Edits take
    // turns; this guards anything that does not.) Removed meanwhile: what was written goes too.
    const now = this.profiles.find((p) => p.id === id);
    if (!now) {
      await this.deps.secrets.delete(account).catch(() => false);
      await this.deps.secrets.delete(browserSecretAccount(id)).catch(() => false);
      throw profileGone();
    }
    try {
      if (now.revision !== current.revision) throw changedElsewhere(now.name);
      this.save(this.profiles.map((p) => (p.id === id ? updated : p)));
    } catch (error) {
      // Put the keychain back as it was: the profile on disk still describes the old secret.
      if (newSecret !== undefined) await restore();
      if (clientSecret !== undefined) await restoreClientSecret();
      throw error;
    }
    // What the profile no longer uses goes: the old method's secret, a sign-in to another client, a secret now unneeded.
    await this.dropLeftBehind(current, updated);
    const secretReplaced =
      (newSecret !== undefined && newSecret !== previous) ||
      (clientSecret !== undefined && clientSecret !== previousClientSecret) ||
      dropSignIn;
    if (secretReplaced) this.bumpSecret(id);
    this.deps.log.info('profile.updated', { profile: id, method: updated.auth.method, secretReplaced });
    const secret = newSecret !== undefined ? ({ state: 'stored' } as const) : await this.secretStateOf(updated);
    return {
      view: this.view(updated, secret),
      connectionChanged: secretReplaced || connectionOf(current) !== connectionOf(updated),
    };
  }

  /** A tenant list's adds and updates (tenant-list-file.ts plans them from the profiles now): one write, none with a secret. */
  async saveList<P extends ListPlan>(plan: (profiles: readonly StoredProfile[], stamp: ListStamp) => P): Promise<P> {
    const planned = plan(this.profiles, { now: this.now(), newId: this.newId });
    this.save(planned.profiles);
    for (const [before, after] of planned.updated) if (await this.dropLeftBehind(before, after)) this.bumpSecret(before.id);
    this.deps.log.info('profile.list_imported', { added: planned.added, updated: planned.updated.length });
    return planned;
  }

  /** What an edit leaves unused goes from the keychain; a sign-in dropped ends "Sign in again". True when any went. */
  private async dropLeftBehind(before: StoredProfile, after: StoredProfile): Promise<boolean> {
    const left = secretsLeftBehind(before, after);
    for (const account of left) await this.deps.secrets.delete(account).catch(() => false);
    if (left.includes(accountOf(before))) this.signInRequired.delete(before.id);
    return left.length > 0;
  }

  /** Removes the keychain entries first: if the keychain refuses, the profile stays and nothing is lost. */
  remove(id: string): Promise<{ removedSecrets: number }> {
    return this.turns.run(id, () => this.removeNow(id));
  }

  private async removeNow(id: string): Promise<{ removedSecrets: number }> {
    this.get(id);
    const accounts = await this.deps.secrets.listAccounts(profilePrefix(id));
    for (const account of accounts) await this.deps.secrets.delete(account);
    this.save(this.profiles.filter((p) => p.id !== id));
    this.secretRevisions.delete(id);
    this.signInRequired.delete(id);
    this.deps.log.info('profile.removed', { profile: id, removedSecrets: accounts.length });
    return { removedSecrets: accounts.length };
  }

  /**
   * What a client for this profile depends on: address, authentication, CA and the secret's
   * revision. A client made for one key is reused for as long as the key is the same.
   */
  connectionKey(id: string): string {
    const profile = this.get(id);
    return `${connectionOf(profile)}#${this.secretRevisions.get(id) ?? 0}`;
  }

  /** Where and how to connect for a saved profile, with its secret from the keychain. */
  async connectionTarget(id: string): Promise<ConnectionTarget> {
    await this.signInWrites.get(id);
    const profile = this.get(id);
    const epoch = this.signInEpochs.get(id) ?? 0;
    const secret = await this.secretFor(profile);
    const confidential = profile.auth.method === 'browser' && profile.auth.confidential;
    const clientSecret = confidential ? await this.browserClientSecretFor(profile) : undefined;
    let auth = authWithSecret(profile.auth, secret, clientSecret);
    if (auth.method === 'browser') auth = { ...auth, onRefreshTokenRotated: (token) => this.storeRotatedRefreshToken(id, token, epoch) };
    return { baseUrl: profile.baseUrl, auth, caPem: profile.caPem ?? undefined };
  }

  /** What a browser sign-in needs of the profile: the client, its secret when confidential, the port, the CA. */
  async signInTarget(id: string): Promise<{ profile: StoredProfile & { auth: { method: 'browser' } }; clientSecret?: string }> {
    const profile = this.get(id);
    if (profile.auth.method !== 'browser') {
      throw new AppError(
        'validation',
        `“${profile.name}” does not sign in with the browser. Edit it and choose Sign in with the browser first.`,
      );
    }
    const browser = profile as StoredProfile & { auth: { method: 'browser' } };
    if (!profile.auth.confidential) return { profile: browser };
    return { profile: browser, clientSecret: await this.browserClientSecretFor(profile) };
  }

  /**
   * Keeps the refresh token of a sign-in that just completed: a new secret, so the tenant's client
   * is replaced (by the caller) and the "Sign in again" state ends.
   */
  async storeSignIn(id: string, refreshToken: string): Promise<void> {
    const profile = this.get(id);
    this.signInEpochs.set(id, (this.signInEpochs.get(id) ?? 0) + 1);
    const write = this.deps.secrets.set(accountOf(profile), refreshToken);
    const settled = write.catch(() => undefined);
    this.signInWrites.set(id, settled);
    try {
      await write;
    } finally {
      if (this.signInWrites.get(id) === settled) this.signInWrites.delete(id);
    }
    this.signInRequired.delete(id);
    this.bumpSecret(id);
    this.deps.log.info('profile.signed_in', { profile: id });
  }

  /**
   * The tenant rotated the refresh token on a renewal: the new one replaces the old in the keychain,
   * and the client stays. One from a client made before the latest sign-in (`epoch`) is not kept.
   */
  async storeRotatedRefreshToken(id: string, refreshToken: string, epoch: number): Promise<void> {
    const profile = this.profiles.find((p) => p.id === id);
    if (profile?.auth.method !== 'browser' || epoch !== (this.signInEpochs.get(id) ?? 0)) return;
    await this.deps.secrets.set(accountOf(profile), refreshToken);
    this.deps.log.info('profile.refresh_token_rotated', { profile: id });
  }

  /** A call on this browser profile found its refresh token refused or expired. */
  markSignInRequired(id: string): void {
    const profile = this.profiles.find((p) => p.id === id);
    if (profile?.auth.method === 'browser') this.signInRequired.add(id);
  }

  /**
   * How to test the form's unsaved values. When editing (`editingId`), a blank secret means the one
   * in the keychain, as long as the method is unchanged; and values that describe the saved
   * connection exactly are tested with the saved profile's own client, so no second token is made.
   */
  draftConnection(draft: ParsedTenantProfileInput, editingId?: string): Promise<DraftConnection> {
    return draftConnectionOf(draft, editingId ? this.get(editingId) : undefined, (p) => this.secretFor(p));
  }

  async secretFor(profile: StoredProfile): Promise<string> {
    const secret = await this.deps.secrets.get(accountOf(profile));
    if (secret === null) {
      if (profile.auth.method === 'browser') throw notSignedIn(profile.name);
      throw new AppError('unauthorized', `The keychain holds no secret for “${profile.name}”. Edit the tenant and enter it again.`);
    }
    return secret;
  }

  private async browserClientSecretFor(profile: StoredProfile): Promise<string> {
    const secret = await this.deps.secrets.get(browserSecretAccount(profile.id));
    if (secret === null) {
      throw new AppError('unauthorized', `The keychain holds no client secret for “${profile.name}”. Edit the tenant and enter it again.`);
    }
    return secret;
  }

  private bumpSecret(id: string): void {
    this.secretRevisions.set(id, (this.secretRevisions.get(id) ?? 0) + 1);
  }

  private view(profile: StoredProfile, secret: SecretState): TenantProfileView {
    return toView(profile, secret, this.signInRequired.has(profile.id));
  }

  private async secretStateOf(profile: StoredProfile): Promise<SecretState> {
    try {
      return (await this.deps.secrets.get(accountOf(profile))) === null ? { state: 'missing' } : { state: 'stored' };
    } catch (error) {
      if (!isKeychainProblem(error)) throw error;
      return { state: 'unreadable', code: error.code, message: error.message };
    }
  }

  private save(profiles: StoredProfile[]): void {
    this.doc.save({ profiles });
    this.profiles = profiles;
  }
}
