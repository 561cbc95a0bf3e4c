// Tenant profiles: metadata in the profiles document, secrets in the keychain (one entry per
// profile and secret). The order of writes makes sure a failure never leaves a profile without its
// secret or a secret without its profile. A keychain that cannot be read now (locked, no Secret
// Service) never hides the profiles: each says why its secret cannot be read.
import { randomUUID } from 'node:crypto';
import { AppError } from '../../src-shared/errors';
import { isLoopbackHost } from '../../src-shared/tenant-url';
import {
  secretLabels,
  secretNameByMethod,
  typedSecret,
  type SecretName,
  type SecretState,
  type ParsedTenantProfileInput,
  type TenantProfileView,
} from '../../src-shared/tenant-profile';
import type { TenantAuth } from '../alation/auth';
import type { Logger } from '../log/logger';
import { isKeychainProblem, type SecretStore } from '../secrets/secret-store';
import type { DocumentFiles } from '../storage/document-file';
import type { StoreNotice } from '../storage/versioned-document';
import { summarizeCaPem } from './ca-certificate';
import { openProfileStore, type StoredProfile } from './profile-store';

export interface TenantProfilesDeps {
  files: DocumentFiles;
  secrets: SecretStore;
  log: Logger;
  now?: () => Date;
  newId?: () => string;
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

/** How to test the form's unsaved values. */
export type DraftConnection =
  /** Nothing that makes the connection differs from the saved profile: test with its own client. */
  | { kind: 'saved'; id: string }
  /**
   * A connection of its own. `supersedes`: the saved profile whose OAuth token a new token for the
   * same client id will invalidate (the tenant keeps one token per client).
   */
  | { kind: 'draft'; target: ConnectionTarget; supersedes?: string };

export function secretAccount(profileId: string, secret: SecretName): string {
  return `profile/${profileId}/${secret}`;
}

const profilePrefix = (profileId: string) => `profile/${profileId}/`;
const accountOf = (p: StoredProfile) => secretAccount(p.id, secretNameByMethod[p.auth.method]);

export class TenantProfiles {
  private readonly doc;
  private profiles: StoredProfile[];
  readonly notices: StoreNotice[];
  private readonly now: () => Date;
  private readonly newId: () => string;
  /** Bumped when a profile's secret is replaced: part of its connection key. */
  private readonly secretRevisions = new Map<string, number>();

  constructor(private readonly deps: TenantProfilesDeps) {
    this.doc = openProfileStore(deps.files, deps.log);
    const { value, notices } = this.doc.load();
    this.profiles = value.profiles;
    this.notices = notices;
    this.now = deps.now ?? (() => new Date());
    this.newId = deps.newId ?? randomUUID;
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
    return this.profiles.map((p) => toView(p, stateOf(p)));
  }

  ids(): string[] {
    return this.profiles.map((p) => p.id);
  }

  get(id: string): StoredProfile {
    const profile = this.profiles.find((p) => p.id === id);
    if (!profile) throw new AppError('not_found', 'That tenant profile no longer exists. It may have been removed in another window.');
    return profile;
  }

  async create(input: ParsedTenantProfileInput): Promise<TenantProfileView> {
    this.assertUniqueName(input.name);
    const secret = requiredSecret(input, 'add');
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
      createdAt: stamp,
      updatedAt: stamp,
    };
    const account = accountOf(profile);
    try {
      await this.deps.secrets.set(account, secret);
    } catch (error) {
      // A write given up on may still land: undo it then (the keychain runs this after it).
      void this.deps.secrets.delete(account).catch(() => false);
      throw error;
    }
    try {
      this.save([...this.profiles, profile]);
    } catch (error) {
      await this.deps.secrets.delete(account).catch(() => false);
      throw error;
    }
    this.deps.log.info('profile.created', { profile: profile.id, method: profile.auth.method });
    return toView(profile, { state: 'stored' });
  }

  async update(id: string, input: ParsedTenantProfileInput): Promise<ProfileUpdate> {
    const current = this.get(id);
    this.assertUniqueName(input.name, id);
    const methodChanged = current.auth.method !== input.auth.method;
    const newSecret = methodChanged ? requiredSecret(input, 'change the method of') : typedSecret(input.auth);
    const caPem = input.caPem === undefined ? current.caPem : checkedCa(input.caPem);
    const updated: StoredProfile = {
      ...current,
      name: input.name,
      baseUrl: input.baseUrl,
      environment: input.environment,
      labels: input.labels ?? current.labels,
      auth: storedAuth(input.auth),
      caPem,
      updatedAt: this.now().toISOString(),
    };
    const account = accountOf(updated);
    const previous = newSecret === undefined ? null : await this.deps.secrets.get(account);
    const restore = () => (previous === null ? this.deps.secrets.delete(account) : this.deps.secrets.set(account, previous)).catch(() => false);
    if (newSecret !== undefined) {
      try {
        await this.deps.secrets.set(account, newSecret);
      } catch (error) {
        // A write given up on may still land: put the old secret back then, as the file still says.
        void restore();
        throw error;
      }
    }
    try {
      this.save(this.profiles.map((p) => (p.id === id ? updated : p)));
    } catch (error) {
      // Put the keychain back as it was: the profile on disk still describes the old secret.
      if (newSecret !== undefined) await restore();
      throw error;
    }
    if (methodChanged) {
      await this.deps.secrets.delete(accountOf(current)).catch(() => false);
    }
    const secretReplaced = newSecret !== undefined && newSecret !== previous;
    if (secretReplaced) this.secretRevisions.set(id, (this.secretRevisions.get(id) ?? 0) + 1);
    this.deps.log.info('profile.updated', { profile: id, method: updated.auth.method, secretReplaced });
    const secret = newSecret !== undefined ? ({ state: 'stored' } as const) : await this.secretStateOf(updated);
    return {
      view: toView(updated, secret),
      connectionChanged: secretReplaced || connectionOf(current) !== connectionOf(updated),
    };
  }

  /** Removes the keychain entries first: if the keychain refuses, the profile stays and nothing is lost. */
  async remove(id: string): Promise<{ removedSecrets: number }> {
    this.get(id);
    const accounts = await this.deps.secrets.listAccounts(profilePrefix(id));
    for (const account of accounts) await this.deps.secrets.delete(account);
    this.save(this.profiles.filter((p) => p.id !== id));
    this.secretRevisions.delete(id);
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
    const profile = this.get(id);
    return { baseUrl: profile.baseUrl, auth: authWithSecret(profile.auth, await this.secretFor(profile)), caPem: profile.caPem ?? undefined };
  }

  /**
   * How to test the form's unsaved values. When editing (`editingId`), a blank secret means the one
   * in the keychain, as long as the method is unchanged; and values that describe the saved
   * connection exactly are tested with the saved profile's own client, so no second token is made.
   */
  async draftConnection(draft: ParsedTenantProfileInput, editingId?: string): Promise<DraftConnection> {
    const stored = editingId ? this.get(editingId) : undefined;
    const typed = typedSecret(draft.auth);
    const sameMethod = stored !== undefined && stored.auth.method === draft.auth.method;
    // A typed secret is tested as it is: the stored one is read only to fill a blank, or to tell
    // whether the typed one is the same (which the keychain may not say now: then it is not).
    const savedSecret = !sameMethod ? undefined : typed === undefined ? await this.secretFor(stored) : await this.secretFor(stored).catch(() => undefined);
    const secret = typed ?? savedSecret ?? requiredSecret(draft, 'test');
    const caPem = draft.caPem === undefined ? stored?.caPem : checkedCa(draft.caPem);
    const auth = storedAuth(draft.auth);
    if (stored && secret === savedSecret && connectionOf(stored) === connectionOf({ baseUrl: draft.baseUrl, auth, caPem: caPem ?? null })) {
      return { kind: 'saved', id: stored.id };
    }
    const target: ConnectionTarget = { baseUrl: draft.baseUrl, auth: authWithSecret(auth, secret), caPem: caPem ?? undefined };
    const sharesOAuthClient =
      stored?.auth.method === 'oauth' && auth.method === 'oauth' && stored.auth.clientId === auth.clientId && stored.baseUrl === draft.baseUrl;
    return sharesOAuthClient ? { kind: 'draft', target, supersedes: stored.id } : { kind: 'draft', target };
  }

  async secretFor(profile: StoredProfile): Promise<string> {
    const secret = await this.deps.secrets.get(accountOf(profile));
    if (secret === null) {
      throw new AppError('unauthorized', `The keychain holds no secret for “${profile.name}”. Edit the tenant and enter it again.`);
    }
    return secret;
  }

  private async secretStateOf(profile: StoredProfile): Promise<SecretState> {
    try {
      return (await this.deps.secrets.get(accountOf(profile))) === null ? { state: 'missing' } : { state: 'stored' };
    } catch (error) {
      if (!isKeychainProblem(error)) throw error;
      return { state: 'unreadable', code: error.code, message: error.message };
    }
  }

  private assertUniqueName(name: string, exceptId?: string): void {
    const clash = this.profiles.find((p) => p.id !== exceptId && p.name.toLowerCase() === name.toLowerCase());
    if (clash) {
      throw new AppError('validation', `A tenant named “${clash.name}” already exists. Choose another name.`, {
        fields: [{ path: 'name', message: 'already used by another tenant' }],
      });
    }
  }

  private save(profiles: StoredProfile[]): void {
    this.doc.save({ profiles });
    this.profiles = profiles;
  }
}

/** The parts of a profile a connection depends on, as one comparable string. */
function connectionOf(p: Pick<StoredProfile, 'baseUrl' | 'auth' | 'caPem'>): string {
  return JSON.stringify([p.baseUrl, p.auth, p.caPem ?? null]);
}

function authWithSecret(auth: StoredProfile['auth'], secret: string): TenantAuth {
  switch (auth.method) {
    case 'oauth':
      return { method: 'oauth', clientId: auth.clientId, clientSecret: secret };
    case 'apiToken':
      return { method: 'apiToken', token: secret };
    case 'refreshToken':
      return { method: 'refreshToken', refreshToken: secret, userId: auth.userId };
  }
}

function storedAuth(auth: ParsedTenantProfileInput['auth']): StoredProfile['auth'] {
  switch (auth.method) {
    case 'oauth':
      return { method: 'oauth', clientId: auth.clientId };
    case 'apiToken':
      return { method: 'apiToken' };
    case 'refreshToken':
      return { method: 'refreshToken', userId: auth.userId };
  }
}

function requiredSecret(input: ParsedTenantProfileInput, action: string): string {
  const secret = typedSecret(input.auth);
  if (secret !== undefined) return secret;
  const name = secretNameByMethod[input.auth.method];
  throw new AppError('validation', `To ${action} this tenant, enter its ${secretLabels[name]}.`, {
    fields: [{ path: `auth.${name}`, message: `enter the ${secretLabels[name]}` }],
  });
}

function checkedCa(pem: string | null): string | null {
  if (pem === null) return null;
  summarizeCaPem(pem);
  return pem;
}

function toView(profile: StoredProfile, secret: SecretState): TenantProfileView {
  const url = new URL(profile.baseUrl);
  return {
    id: profile.id,
    name: profile.name,
    baseUrl: profile.baseUrl,
    insecureLoopback: url.protocol === 'http:' && isLoopbackHost(url.hostname),
    environment: profile.environment,
    labels: profile.labels,
    auth: profile.auth,
    secret,
    caCertificate: profile.caPem ? summarizeCaPem(profile.caPem) : null,
    createdAt: profile.createdAt,
    updatedAt: profile.updatedAt,
  };
}
