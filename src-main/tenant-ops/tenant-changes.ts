// The tenant-changed signal inside main. An operation collects what it changed on each tenant while
// it runs (every create and delete of a credential is noted by the write itself; a successor or a
// new key's expiry by the flow) and, when its run ends, publishes ONE batch for all the tenants it
// touched. Listeners: the inventory reads those tenants again, in place, as one job; the credential
// expiries follow creates, deletes and successors. No listener can fail an operation.
import type { ExpirySource } from '../../src-shared/expiry';
import type { Logger } from '../log/logger';

export type TenantChangeFact =
  /** A credential the operation made (or found after its answer was lost), with the expiry it carries, if any. */
  | { kind: 'credential-created'; credentialId: string; name: string; expiresAt?: string | null; source?: ExpirySource }
  /** A credential that was there already and is used as is (an apply's adopted credential). */
  | { kind: 'credential-adopted'; credentialId: string; name: string; expiresAt?: string | null; source?: ExpirySource }
  /** A credential deleted (or found gone). */
  | { kind: 'credential-deleted'; credentialId: string }
  /** The rotation fallback's successor takes the old credential's place. */
  | { kind: 'credential-replaced'; fromCredentialId: string; toCredentialId: string; name: string }
  /** A credential's secret changed in place: its new expiry (null clears it). */
  | { kind: 'credential-expiry'; credentialId: string; name: string; expiresAt: string | null; source: ExpirySource };

/** What one operation changed on one tenant. */
export interface TenantChange {
  tenantId: string;
  operationId: string;
  facts: TenantChangeFact[];
}

export type TenantChangeListener = (changes: readonly TenantChange[]) => void;

export class TenantChanges {
  private readonly listeners = new Set<TenantChangeListener>();

  constructor(private readonly log?: Logger) {}

  /** Answers the function that stops listening. */
  subscribe(listener: TenantChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** One batch: every tenant an operation's run touched (a tenant with no fact is still re-read). */
  publish(changes: readonly TenantChange[]): void {
    if (changes.length === 0) return;
    for (const listener of this.listeners) {
      try {
        listener(changes);
      } catch (error) {
        this.log?.warn('tenant_changes.listener_failed', { code: (error as { code?: string }).code ?? 'unknown' });
      }
    }
  }
}
