// Tenant profiles: metadata in the profiles document, secrets in the keychain (one entry per
// profile and secret). The order of writes makes sure a failure never leaves a profile without its
// secret or a secret without its profile.
import { randomUUID } from 'node:crypto';
import { AppError } from '../../src-shared/errors';
import { isLoopbackHost } from '../../src-shared/tenant-url';
import {
  secretLabels,
  secretNameByMethod,
  typedSecret,
  type SecretName,
  type ParsedTenantProfileInput,
  type TenantProfileView,
} from '../../src-shared/tenant-profile';
import type { TenantAuth } from '../alation/auth';
import type { Logger, SecretRedactor } from '../log/logger';
import type { SecretStore } from '../secrets/secret-store';
import type { DocumentFiles } from '../storage/document-file';
import type { StoreNotice } from '../storage/versioned-document';
import { summarizeCaPem } from './ca-certificate';
import { openProfileStore, type StoredProfile } from './profile-store';

export interface TenantProfilesDeps {
  files: DocumentFiles;
  secrets: SecretStore;
  log: Logger;
  redactor: SecretRedactor;
  now?: () => Date;
  newId?: () => string;
}

export interface ConnectionTarget {
  baseUrl: string;
  auth: TenantAuth;
  caPem?: string;
}

export function secretAccount(profileId: string, secret: SecretName): string {
  return `profile/${profileId}/${secret}`;
}

const profilePrefix = (profileId: string) => `profile/${profileId}/`;

export class TenantProfiles {
  private readonly doc;
  private profiles: StoredProfile[];
  readonly notices: StoreNotice[];
  private readonly now: () => Date;
  private readonly newId: () => string;

  constructor(private readonly deps: TenantProfilesDeps) {
    this.doc = openProfileStore(deps.files, deps.log);
    const { value, notices } = this.doc.load();
    this.profiles = value.profiles;
    this.notices = notices;
    this.now = deps.now ?? (() => new Date());
    this.newId = deps.newId ?? randomUUID;
  }

  async list(): Promise<TenantProfileView[]> {
    const accounts = new Set(await this.deps.secrets.listAccounts('profile/'));
    return this.profiles.map((p) => toView(p, accounts.has(secretAccount(p.id, secretNameByMethod[p.auth.method]))));
  }

  get(id: string): StoredProfile {
    const profile = this.profiles.find((p) => p.id === id);
    if (!profile) throw new AppError('not_found', 'That tenant profile no longer exists. It may have been removed in another window.');
    return profile;
  }

  async view(id: string): Promise<TenantProfileView> {
    const profile = this.get(id);
    const secret = await this.deps.secrets.get(secretAccount(id, secretNameByMethod[profile.auth.method]));
    return toView(profile, secret !== null);
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
      auth: storedAuth(input.auth),
      caPem,
      createdAt: stamp,
      updatedAt: stamp,
    };
    const account = secretAccount(profile.id, secretNameByMethod[profile.auth.method]);
    this.deps.redactor.remember(secret);
    await this.deps.secrets.set(account, secret);
    try {
      this.save([...this.profiles, profile]);
    } catch (error) {
      await this.deps.secrets.delete(account).catch(() => false);
      throw error;
    }
    this.deps.log.info('profile.created', { profile: profile.id, method: profile.auth.method });
    return toView(profile, true);
  }

  async update(id: string, input: ParsedTenantProfileInput): Promise<TenantProfileView> {
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
      auth: storedAuth(input.auth),
      caPem,
      updatedAt: this.now().toISOString(),
    };
    const account = secretAccount(id, secretNameByMethod[updated.auth.method]);
    const previous = newSecret === undefined ? null : await this.deps.secrets.get(account);
    if (newSecret !== undefined) {
      this.deps.redactor.remember(newSecret);
      await this.deps.secrets.set(account, newSecret);
    }
    try {
      this.save(this.profiles.map((p) => (p.id === id ? updated : p)));
    } catch (error) {
      // Put the keychain back as it was: the profile on disk still describes the old secret.
      if (newSecret !== undefined) {
        await (previous === null ? this.deps.secrets.delete(account) : this.deps.secrets.set(account, previous)).catch(() => false);
      }
      throw error;
    }
    if (methodChanged) {
      await this.deps.secrets.delete(secretAccount(id, secretNameByMethod[current.auth.method])).catch(() => false);
    }
    this.deps.log.info('profile.updated', { profile: id, method: updated.auth.method, secretReplaced: newSecret !== undefined });
    const secretSet = newSecret !== undefined || (await this.deps.secrets.get(account)) !== null;
    return toView(updated, secretSet);
  }

  /** Removes the keychain entries first: if the keychain refuses, the profile stays and nothing is lost. */
  async remove(id: string): Promise<{ removedSecrets: number }> {
    this.get(id);
    const accounts = await this.deps.secrets.listAccounts(profilePrefix(id));
    for (const account of accounts) await this.deps.secrets.delete(account);
    this.save(this.profiles.filter((p) => p.id !== id));
    this.deps.log.info('profile.removed', { profile: id, removedSecrets: accounts.length });
    return { removedSecrets: accounts.length };
  }

  /** The auth to use for a profile, with its secret from the keychain. */
  async authFor(profile: StoredProfile): Promise<TenantAuth> {
    return authWithSecret(profile.auth, await this.secretFor(profile));
  }

  /** Where and how to connect for a saved profile. */
  async connectionTarget(id: string): Promise<ConnectionTarget> {
    const profile = this.get(id);
    return { baseUrl: profile.baseUrl, auth: await this.authFor(profile), caPem: profile.caPem ?? undefined };
  }

  /**
   * Where and how to connect for the form's unsaved values. When editing (`editingId`), a blank
   * secret means the one in the keychain, as long as the method is unchanged.
   */
  async connectionTargetForDraft(draft: ParsedTenantProfileInput, editingId?: string): Promise<ConnectionTarget> {
    const stored = editingId ? this.get(editingId) : undefined;
    const typed = typedSecret(draft.auth);
    if (typed !== undefined) this.deps.redactor.remember(typed);
    const secret =
      typed ?? (stored && stored.auth.method === draft.auth.method ? await this.secretFor(stored) : requiredSecret(draft, 'test'));
    const caPem = draft.caPem === undefined ? stored?.caPem : checkedCa(draft.caPem);
    return { baseUrl: draft.baseUrl, auth: authWithSecret(storedAuth(draft.auth), secret), caPem: caPem ?? undefined };
  }

  async secretFor(profile: StoredProfile): Promise<string> {
    const secret = await this.deps.secrets.get(secretAccount(profile.id, secretNameByMethod[profile.auth.method]));
    if (secret === null) {
      throw new AppError('unauthorized', `The keychain holds no secret for “${profile.name}”. Edit the tenant and enter it again.`);
    }
    this.deps.redactor.remember(secret);
    return secret;
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

function toView(profile: StoredProfile, secretSet: boolean): TenantProfileView {
  const url = new URL(profile.baseUrl);
  return {
    id: profile.id,
    name: profile.name,
    baseUrl: profile.baseUrl,
    insecureLoopback: url.protocol === 'http:' && isLoopbackHost(url.hostname),
    environment: profile.environment,
    auth: profile.auth,
    secretSet,
    caCertificate: profile.caPem ? summarizeCaPem(profile.caPem) : null,
    createdAt: profile.createdAt,
    updatedAt: profile.updatedAt,
  };
}
