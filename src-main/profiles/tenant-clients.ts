import type { LimitFunction } from 'p-limit';
import { createAlationClient, type AlationClient } from '../alation/client';
import type { Logger, SecretRedactor } from '../log/logger';
import type { TenantProfiles } from './tenant-profiles';

interface CachedClient {
  /** The profile's connection key the client was made for. */
  key: string;
  client: Promise<AlationClient>;
}

/**
 * One API client per tenant profile, shared by every screen and job: OAuth allows one live token
 * per client id, so two clients for one tenant would keep invalidating each other's tokens. A
 * client lives as long as its connection: renaming a tenant or changing its environment or labels
 * keeps it (and its token); a new address, authentication, secret or CA replaces it, and the old
 * one closes once the calls it is running have ended.
 */
export class TenantClients {
  private readonly clients = new Map<string, CachedClient>();

  constructor(
    private readonly profiles: TenantProfiles,
    private readonly deps: { redactor: SecretRedactor; log: Logger; globalLimit?: LimitFunction },
  ) {}

  /** The client for a profile's connection as it is now. */
  clientFor(profileId: string): Promise<AlationClient> {
    const key = this.profiles.connectionKey(profileId);
    const cached = this.clients.get(profileId);
    if (cached?.key === key) return cached.client;
    if (cached) this.retire(cached);
    const client = this.profiles.connectionTarget(profileId).then((target) =>
      createAlationClient({
        ...target,
        redactor: this.deps.redactor,
        log: this.deps.log,
        ...(this.deps.globalLimit ? { globalLimit: this.deps.globalLimit } : {}),
      }),
    );
    const entry: CachedClient = { key, client };
    // A failed build (no secret in the keychain, keychain locked) is not kept: the next call tries again.
    client.catch(() => {
      if (this.clients.get(profileId) === entry) this.clients.delete(profileId);
    });
    this.clients.set(profileId, entry);
    return client;
  }

  /** After an edit: a client whose connection no longer matches the profile goes, once idle. */
  settle(profileId: string): void {
    const cached = this.clients.get(profileId);
    if (cached && cached.key !== this.profiles.connectionKey(profileId)) {
      this.clients.delete(profileId);
      this.retire(cached);
    }
  }

  /** Drops (and closes, once idle) the client of a removed profile. */
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

  async closeAll(): Promise<void> {
    const all = [...this.clients.values()];
    this.clients.clear();
    await Promise.all(all.map((c) => c.client.then((client) => client.close()).catch(() => undefined)));
  }

  private retire(cached: CachedClient): void {
    void cached.client.then((c) => c.closeWhenIdle()).catch(() => undefined);
  }
}
