import type { LimitFunction } from 'p-limit';
import { createAlationClient, type AlationClient } from '../alation/client';
import type { Logger, SecretRedactor } from '../log/logger';
import type { TenantProfiles } from './tenant-profiles';

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

  constructor(
    private readonly profiles: TenantProfiles,
    private readonly deps: { redactor: SecretRedactor; log: Logger; globalLimit?: LimitFunction },
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

  /** Drops (and closes, once unused) the client of a removed profile. */
  forget(profileId: string): void {
    const cached = this.clients.get(profileId);
    this.clients.delete(profileId);
    if (cached) this.retire(cached);
  }

  /** Another client just obtained a token for the same OAuth client: this one's token is dead. */
  dropToken(profileId: string): void {
    void this.clients.get(profileId)?.client.then((c) => c.dropToken(), () => undefined);
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
    const client = this.profiles.connectionTarget(profileId).then((target) =>
      createAlationClient({
        ...target,
        redactor: this.deps.redactor,
        log: this.deps.log,
        ...(this.deps.globalLimit ? { globalLimit: this.deps.globalLimit } : {}),
      }),
    );
    const entry: CachedClient = { key, client, leases: 0, retired: false };
    // A failed build (no secret in the keychain, keychain locked) is not kept: the next call tries again.
    client.catch(() => {
      if (this.clients.get(profileId) === entry) this.clients.delete(profileId);
    });
    this.clients.set(profileId, entry);
    return entry;
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
