import type { LimitFunction } from 'p-limit';
import { AppError } from '../../src-shared/errors';
import type { TenantAuth } from '../alation/auth';
import { createAlationClient, type AlationClient, type AlationClientOptions } from '../alation/client';
import type { Logger, SecretRedactor } from '../log/logger';
import { DOCUMENTED_TOKEN_PATH } from '../signin/discovery';
import { findTokenPath } from '../signin/token-path';
import type { SignInTokens } from '../signin/token-exchange';
import type { ConnectionTarget, TenantProfiles } from './tenant-profiles';

/** Timeouts and retries of every tenant's client: the client's defaults unless given (tests shorten them). */
export type TenantClientOptions = Pick<AlationClientOptions, 'connectTimeoutMs' | 'requestTimeoutMs' | 'retry'>;

interface CachedClient {
  /** The profile's connection key the client was made for. */
  key: string;
  client: Promise<AlationClient>;
  /** Operations using the client now: it is not closed under them. */
  leases: number;
  retired: boolean;
}

/**
 * One API client per tenant profile, shared by every screen and job: OAuth allows one live token
 * per client id, so two clients for one tenant would keep invalidating each other's tokens. A
 * client lives as long as its connection: renaming a tenant or changing its environment or labels
 * keeps it (and its token); a new address, authentication, secret or CA replaces it, and the old
 * one closes once the operations using it have ended. An operation borrows the client for its whole
 * length (`withClient`), not per request: a connection test that does DNS and TLS first, then signs
 * in, is not left with a closed client half-way.
 */
export class TenantClients {
  private readonly clients = new Map<string, CachedClient>();
  /** Replaced clients still lent out; closed when their last operation ends, or on quit. */
  private readonly retired = new Set<CachedClient>();
  /** What a sign-in that just completed gives the tenant's next client: its access token (memory only) and token endpoint. */
  private readonly signIns = new Map<string, { baseUrl: string; tokenPath: string; accessToken?: { value: string; expiresAt?: number } }>();
  /** Each tenant's discovered token endpoint, by address and CA, for clients made after a restart. */
  private readonly tokenPaths = new Map<string, Promise<string>>();

  constructor(
    private readonly profiles: TenantProfiles,
    private readonly deps: {
      redactor: SecretRedactor;
      log: Logger;
      globalLimit?: LimitFunction;
      clientOptions?: TenantClientOptions;
      /** Requests in flight to one tenant (a setting), taken by each client when it is made. */
      tenantCap?: () => number;
    },
  ) {}

  /** Runs `work` with the tenant's client, which stays open until `work` ends. */
  async withClient<T>(profileId: string, work: (client: AlationClient) => Promise<T>): Promise<T> {
    const entry = this.entry(profileId);
    entry.leases += 1;
    try {
      return await work(await entry.client);
    } finally {
      entry.leases -= 1;
      if (entry.retired && entry.leases === 0) this.close(entry);
    }
  }

  /** After an edit: a client whose connection no longer matches the profile goes, once unused. */
  settle(profileId: string): void {
    const cached = this.clients.get(profileId);
    if (cached && cached.key !== this.profiles.connectionKey(profileId)) {
      this.clients.delete(profileId);
      this.retire(cached);
    }
  }

  /**
   * A browser sign-in just stored its refresh token (the profile's connection key moved on): the
   * next client uses the sign-in's access token, so the first call needs no renewal.
   */
  adoptSignIn(profileId: string, baseUrl: string, tokens: SignInTokens): void {
    this.signIns.set(profileId, {
      baseUrl,
      tokenPath: tokens.tokenPath,
      accessToken: { value: tokens.accessToken, ...(tokens.expiresAt !== undefined ? { expiresAt: tokens.expiresAt } : {}) },
    });
    this.settle(profileId);
  }

  /** Drops (and closes, once unused) the client of a removed profile. */
  forget(profileId: string): void {
    const cached = this.clients.get(profileId);
    this.clients.delete(profileId);
    this.signIns.delete(profileId);
    if (cached) this.retire(cached);
  }

  /** Another client just obtained a token for the same OAuth client: this one's token is dead. */
  dropToken(profileId: string): void {
    void this.clients.get(profileId)?.client.then(
      (c) => c.dropToken(),
      () => undefined,
    );
  }

  get size(): number {
    return this.clients.size;
  }

  /** On quit: every client, lent out or not, is closed now. */
  async closeAll(): Promise<void> {
    const all = [...this.clients.values(), ...this.retired];
    this.clients.clear();
    this.retired.clear();
    await Promise.all(all.map((c) => c.client.then((client) => client.close()).catch(() => undefined)));
  }

  private entry(profileId: string): CachedClient {
    const key = this.profiles.connectionKey(profileId);
    const cached = this.clients.get(profileId);
    if (cached?.key === key) return cached;
    if (cached) this.retire(cached);
    const client = this.profiles.connectionTarget(profileId).then(async (target) =>
      this.watchSignIn(
        profileId,
        createAlationClient({
          ...target,
          auth: await this.completeAuth(profileId, target),
          redactor: this.deps.redactor,
          log: this.deps.log,
          ...(this.deps.globalLimit ? { globalLimit: this.deps.globalLimit } : {}),
          ...this.deps.clientOptions,
          // The setting itself, read for each request: a change applies to clients already made.
          ...(this.deps.tenantCap ? { maxConcurrent: this.deps.tenantCap } : {}),
        }),
      ),
    );
    const entry: CachedClient = { key, client, leases: 0, retired: false };
    // A failed build (no secret in the keychain, keychain locked) is not kept: the next call tries again.
    client.catch(() => {
      if (this.clients.get(profileId) === entry) this.clients.delete(profileId);
    });
    this.clients.set(profileId, entry);
    return entry;
  }

  /**
   * A browser profile's client also needs its token endpoint (from the sign-in, or discovered once
   * per address) and, right after a sign-in, the access token it obtained. Other methods are complete.
   */
  private async completeAuth(profileId: string, target: ConnectionTarget): Promise<TenantAuth> {
    const auth = target.auth;
    if (auth.method !== 'browser') return auth;
    // A sign-in to this same address: the profile's address may have changed since.
    const found = this.signIns.get(profileId);
    const signIn = found?.baseUrl === target.baseUrl ? found : undefined;
    // The sign-in's access token serves the one client made right after it, never a later one.
    const accessToken = signIn?.accessToken;
    if (signIn) this.signIns.set(profileId, { baseUrl: signIn.baseUrl, tokenPath: signIn.tokenPath });
    // A tenant that cannot be reached now gets the documented endpoint: the client's own call then says why.
    const tokenEndpoint = signIn?.tokenPath ?? (await this.tokenPathFor(target).catch(() => DOCUMENTED_TOKEN_PATH));
    return { ...auth, tokenEndpoint, ...(accessToken ? { initialAccessToken: accessToken } : {}) };
  }

  /**
   * A browser profile's client, watched: any call that fails because the refresh token was refused
   * or has expired (a job's, a connection test's step, a screen's) makes the tenant say "Sign in again".
   */
  private watchSignIn(profileId: string, client: AlationClient): AlationClient {
    if (client.authMethod !== 'browser') return client;
    const mark = (error: unknown) => {
      if (error instanceof AppError && error.code === 'sign_in_required') this.profiles.markSignInRequired(profileId);
    };
    return new Proxy(client, {
      get: (target, key) => {
        const value: unknown = Reflect.get(target, key, target);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          const result: unknown = value.apply(target, args);
          if (result instanceof Promise) result.catch(mark);
          return result;
        };
      },
    });
  }

  private tokenPathFor(target: ConnectionTarget): Promise<string> {
    const key = JSON.stringify([target.baseUrl, target.caPem ?? null]);
    let found = this.tokenPaths.get(key);
    if (!found) {
      found = findTokenPath({ baseUrl: target.baseUrl, ...(target.caPem ? { caPem: target.caPem } : {}), log: this.deps.log });
      this.tokenPaths.set(key, found);
      // A tenant that could not be reached is asked again next time; a readable answer is kept.
      found.catch(() => this.tokenPaths.delete(key));
    }
    return found;
  }

  private retire(entry: CachedClient): void {
    entry.retired = true;
    if (entry.leases === 0) this.close(entry);
    else this.retired.add(entry);
  }

  private close(entry: CachedClient): void {
    this.retired.delete(entry);
    void entry.client.then((c) => c.closeWhenIdle()).catch(() => undefined);
  }
}
