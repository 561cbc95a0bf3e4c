import { createAlationClient, type AlationClient } from '../alation/client';
import type { Logger, SecretRedactor } from '../log/logger';
import type { TenantProfiles } from './tenant-profiles';

/**
 * One API client per tenant profile, shared by every screen: OAuth allows one live token per
 * client id, so two clients for one tenant would keep invalidating each other's tokens.
 */
export class TenantClients {
  private readonly clients = new Map<string, { version: string; client: Promise<AlationClient> }>();

  constructor(
    private readonly profiles: TenantProfiles,
    private readonly deps: { redactor: SecretRedactor; log: Logger },
  ) {}

  /** The client for a profile as it is now; an edited profile gets a new one. */
  clientFor(profileId: string): Promise<AlationClient> {
    const profile = this.profiles.get(profileId);
    const cached = this.clients.get(profileId);
    if (cached && cached.version === profile.updatedAt) return cached.client;
    if (cached) void cached.client.then((c) => c.close()).catch(() => undefined);
    const client = this.profiles.connectionTarget(profileId).then((target) =>
      createAlationClient({ ...target, redactor: this.deps.redactor, log: this.deps.log }),
    );
    // A failed build (no secret in the keychain) is not cached: the next call tries again.
    client.catch(() => this.clients.delete(profileId));
    this.clients.set(profileId, { version: profile.updatedAt, client });
    return client;
  }

  /** Drops (and closes) the client of a removed or edited profile. */
  forget(profileId: string): void {
    const cached = this.clients.get(profileId);
    this.clients.delete(profileId);
    if (cached) void cached.client.then((c) => c.close()).catch(() => undefined);
  }

  async closeAll(): Promise<void> {
    const all = [...this.clients.values()];
    this.clients.clear();
    await Promise.all(all.map((c) => c.client.then((client) => client.close()).catch(() => undefined)));
  }
}
