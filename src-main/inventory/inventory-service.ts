// The inventory across tenants: each tenant's state (its last good read, kept when a refresh
// fails), refreshed, swept and cleaned up as jobs, every tenant on its own so a slow or broken one
// holds back no other. The page gets a small `inventory.changed` event per tenant and asks for the
// data it needs, so 25 tenants x 1,000 configs never travel in progress events. Its writes
// (deletions, defaults, overrides) are operations on tenants (inventory-deletion.ts,
// tenant-settings.ts); the tenants they touched are read again through the tenant-changed signal.
import type { AuditEntryInput, AuditObject } from '../../src-shared/audit';
import { AppError, errorShapeOf } from '../../src-shared/errors';
import type { InventoryChanged, TenantInventory, TenantInventoryState, TenantSweep } from '../../src-shared/inventory';
import type { AgentDecision, DeletionItem, FeatureOverrideChange, PreferenceChange } from '../../src-shared/inventory-actions';
import type { JobView } from '../../src-shared/job-results';
import type { AuditBatchRecorder } from '../audit/audit-log';
import type { EventSink } from '../ipc/events';
import { forEachTenant, type JobRunner, type TenantHandle } from '../jobs/job-runner';
import type { Logger } from '../log/logger';
import type { TenantClients } from '../profiles/tenant-clients';
import type { TenantProfiles } from '../profiles/tenant-profiles';
import type { DocumentFiles } from '../storage/document-file';
import type { TenantOperations } from '../tenant-ops';
import { checkCredential, sweepOutcome } from './check-credential';
import { InventoryCache } from './inventory-cache';
import { InventoryDeletion } from './inventory-deletion';
import { readTenantInventory } from './read-inventory';
import { TenantSettings } from './tenant-settings';
import { plural } from '../../src-shared/plural';

export interface InventoryDeps {
  profiles: TenantProfiles;
  clients: TenantClients;
  jobs: JobRunner;
  events: EventSink;
  files: DocumentFiles;
  log: Logger;
  /** Deletions and settings changes are operations on tenants: journaled, audited, undoable, resumable. */
  operations: TenantOperations;
  /** Where each sweep verdict is recorded. */
  audit?: AuditBatchRecorder;
  /** The expiries the user entered: those of credentials gone from the tenant are dropped. */
  expiries?: InventoryExpiries;
  now?: () => Date;
}

/** What the inventory tells the expiries store. */
export interface InventoryExpiries {
  /** A full read of the tenant found these credentials: an expiry set before `readStartedAt` for any other is dropped. */
  keepOnly(tenantId: string, credentialIds: readonly string[], readStartedAt: Date): void;
}

/** Progress events for pages read are sent at most this often per tenant. */
const pageEventIntervalMs = 100;

export class InventoryService {
  private readonly states = new Map<string, TenantInventoryState>();
  private readonly cache: InventoryCache;
  private readonly now: () => Date;
  private readonly lastPageEvent = new Map<string, number>();
  /** The newest read of each tenant: an older read that ends after it changes nothing. */
  private readonly newestRead = new Map<string, number>();
  private reads = 0;
  private readonly deletion: InventoryDeletion;
  private readonly settings: TenantSettings;

  constructor(private readonly deps: InventoryDeps) {
    this.cache = new InventoryCache(deps);
    this.now = deps.now ?? (() => new Date());
    const writes = {
      profiles: deps.profiles,
      clients: deps.clients,
      operations: deps.operations,
      inventoryOf: (id: string) => this.state(id).inventory,
    };
    this.deletion = new InventoryDeletion(writes);
    this.settings = new TenantSettings(writes);
  }

  /** The tenants' states; from the cache on disk the first time (marked stale until refreshed). */
  list(tenantIds?: readonly string[]): TenantInventoryState[] {
    const ids = tenantIds ?? this.deps.profiles.ids();
    return ids.map((id) => structuredClone(this.state(id)));
  }

  refresh(tenantIds: readonly string[]): ReturnType<JobRunner['start']> {
    const ids = this.known(tenantIds);
    return this.deps.jobs.start({
      kind: 'inventory',
      title: ids.length === 1 ? 'Refresh the inventory' : `Refresh the inventory of ${ids.length} tenants`,
      tenantIds: ids,
      run: (ctx) =>
        forEachTenant(ctx, ids, async (tenant) => {
          const inventory = await this.read(tenant, ctx.signal);
          tenant.ok(`${inventory.configs.filter((c) => !c.builtIn).length} configs, ${inventory.credentials.length} credentials`, {
            readAt: inventory.readAt,
          });
        }),
    });
  }

  /**
   * Re-validates every credential in listing mode: no `model_name`, so no inference call is made
   * (and billed). Classifies each answer and flags configured models the provider no longer lists.
   */
  sweep(tenantIds: readonly string[]): ReturnType<JobRunner['start']> {
    const ids = this.known(tenantIds);
    return this.deps.jobs.start({
      kind: 'sweep',
      title: ids.length === 1 ? 'Health sweep' : `Health sweep of ${ids.length} tenants`,
      tenantIds: ids,
      run: (ctx) =>
        forEachTenant(ctx, ids, async (tenant) => {
          const current = this.state(tenant.tenantId);
          const inventory = current.inventory && !current.stale ? current.inventory : await this.read(tenant, ctx.signal);
          tenant.running('Validating credentials', inventory.credentials.length);
          let done = 0;
          // A tenant's verdicts are recorded together, with one fsync, when its checks end (or one
          // fails, or the sweep is cancelled): one fsync a credential was most of a sweep's time.
          const verdicts: AuditEntryInput[] = [];
          const credentials = await this.deps.clients.withClient(tenant.tenantId, async (client) => {
            const checked = await Promise.allSettled(
              inventory.credentials.map(async (credential) => {
                const health = await checkCredential(client, inventory, credential.id, ctx.signal);
                const objects: AuditObject[] = [{ kind: 'credential', id: credential.id, name: credential.name }];
                verdicts.push({
                  tenantId: tenant.tenantId,
                  action: 'sweep',
                  source: 'sweep',
                  jobId: ctx.jobId,
                  objects,
                  ...sweepOutcome(health),
                });
                tenant.step(++done);
                return health;
              }),
            );
            // Every check has ended: each verdict reached is recorded, even when one check failed.
            this.deps.audit?.recordMany(verdicts);
            const failure = checked.find((c) => c.status === 'rejected');
            if (failure) throw failure.reason;
            return checked.flatMap((c) => (c.status === 'fulfilled' ? [c.value] : []));
          });
          if (ctx.signal.aborted) throw new AppError('cancelled', 'Cancelled');
          const sweep: TenantSweep = { tenantId: tenant.tenantId, sweptAt: this.now().toISOString(), credentials };
          this.update(tenant.tenantId, { sweep });
          const bad = credentials.filter((c) => c.status !== 'ok' && c.status !== 'unlisted').length;
          tenant.ok(
            bad === 0 ? `${credentials.length} credentials checked` : `${bad} of ${credentials.length} credentials need attention`,
            {
              sweptAt: sweep.sweptAt,
            },
          );
        }),
    });
  }

  /**
   * Deletes what the user confirmed, per tenant: configs first (each config's agents moved or left
   * as the user chose), then credentials; each item reported. The tenants are read again after,
   * through the tenant-changed signal, so the view matches them.
   */
  deleteItems(
    items: readonly DeletionItem[],
    confirmations: Readonly<Record<string, string>>,
    agentDecisions: readonly AgentDecision[] = [],
  ): JobView {
    return this.deletion.start(items, confirmations, agentDecisions);
  }

  async setPreference(change: PreferenceChange): Promise<TenantInventoryState> {
    this.known([change.tenantId]);
    const saved = await this.settings.setPreference(change);
    this.deps.log.info('inventory.preference_set', { tenant: change.tenantId });
    return this.patchInventory(change.tenantId, (inv) => ({
      ...inv,
      preference: {
        defaultLlmConfigId: saved.default_llm_config_id ?? null,
        defaultEmbeddingConfigId: saved.default_embedding_config_id ?? null,
        hideDefaultModels: Boolean(saved.hide_default_models),
      },
    }));
  }

  async setOverride(change: FeatureOverrideChange & { configId: string }): Promise<TenantInventoryState> {
    this.known([change.tenantId]);
    await this.settings.setOverride(change);
    this.deps.log.info('inventory.override_set', {
      tenant: change.tenantId,
      featureType: change.featureType,
      featureKey: change.featureKey,
    });
    return this.rereadOverrides(change.tenantId);
  }

  async clearOverride(change: FeatureOverrideChange): Promise<TenantInventoryState> {
    this.known([change.tenantId]);
    await this.settings.clearOverride(change);
    this.deps.log.info('inventory.override_cleared', {
      tenant: change.tenantId,
      featureType: change.featureType,
      featureKey: change.featureKey,
    });
    return this.rereadOverrides(change.tenantId);
  }

  /** A removed tenant's inventory goes with it. */
  forget(tenantId: string): void {
    this.states.delete(tenantId);
    this.cache.remove(tenantId);
  }

  private async rereadOverrides(tenantId: string): Promise<TenantInventoryState> {
    const overrides = await this.deps.clients.withClient(tenantId, (client) => client.listFeatureOverrides());
    return this.patchInventory(tenantId, (inv) => ({
      ...inv,
      overrides: overrides.map((o) => ({ featureType: o.feature_type, featureKey: o.feature_key, configId: o.llm_config_id })),
    }));
  }

  private patchInventory(tenantId: string, change: (inventory: TenantInventory) => TenantInventory): TenantInventoryState {
    const inventory = this.state(tenantId).inventory;
    if (inventory) this.update(tenantId, { inventory: change(inventory) });
    return structuredClone(this.state(tenantId));
  }

  /** Reads one tenant for a job, keeping its state (and the cache) up to date as it goes. */
  private async read(tenant: TenantHandle, signal: AbortSignal): Promise<TenantInventory> {
    const id = tenant.tenantId;
    const before = this.state(id);
    tenant.running('Reading the tenant');
    const startedAt = this.now();
    const thisRead = ++this.reads;
    this.newestRead.set(id, thisRead);
    const superseded = () => this.newestRead.get(id) !== thisRead;
    this.update(id, { status: 'loading', pagesRead: 0 });
    try {
      const inventory = await this.deps.clients.withClient(id, (client) =>
        readTenantInventory(client, id, {
          signal,
          now: this.now,
          onPage: (pagesRead) => {
            tenant.step(pagesRead, `${plural(pagesRead, 'page')} read`);
            if (!superseded()) this.update(id, { pagesRead }, { quiet: true });
          },
        }),
      );
      // Two reads of one tenant (a setup's attempt, then its end) may end out of order: the older
      // one's answer, which may miss what the newer one saw, is not kept.
      if (superseded()) return inventory;
      this.update(id, { status: 'ok', stale: false, inventory, error: undefined, pagesRead: undefined });
      this.deps.expiries?.keepOnly(
        id,
        inventory.credentials.map((c) => c.id),
        startedAt,
      );
      return inventory;
    } catch (error) {
      if (superseded()) throw error;
      if (signal.aborted) {
        this.update(id, { status: before.status === 'loading' ? 'never' : before.status, pagesRead: undefined });
      } else {
        // The last good read stays, marked stale; the reason is kept beside it.
        this.update(id, { status: 'error', stale: before.inventory !== undefined, error: errorShapeOf(error), pagesRead: undefined });
      }
      throw error;
    }
  }

  private known(tenantIds: readonly string[]): string[] {
    for (const id of tenantIds) this.deps.profiles.get(id);
    return [...new Set(tenantIds)];
  }

  private state(tenantId: string): TenantInventoryState {
    let state = this.states.get(tenantId);
    if (!state) {
      const cached = this.cache.load(tenantId);
      state = {
        tenantId,
        status: cached.inventory ? 'ok' : 'never',
        stale: cached.inventory !== undefined,
        ...(cached.inventory ? { inventory: cached.inventory } : {}),
        ...(cached.sweep ? { sweep: cached.sweep } : {}),
      };
      this.states.set(tenantId, state);
    }
    return state;
  }

  /** Changes a tenant's state, saves what belongs on disk, and tells the page. */
  private update(tenantId: string, change: Partial<TenantInventoryState>, options: { quiet?: boolean } = {}): void {
    const next: TenantInventoryState = { ...this.state(tenantId), ...change };
    for (const key of Object.keys(next) as (keyof TenantInventoryState)[]) if (next[key] === undefined) delete next[key];
    this.states.set(tenantId, next);
    if ('inventory' in change || 'sweep' in change) {
      this.cache.save(tenantId, { ...(next.inventory ? { inventory: next.inventory } : {}), ...(next.sweep ? { sweep: next.sweep } : {}) });
    }
    const nowMs = this.now().getTime();
    if (options.quiet && nowMs - (this.lastPageEvent.get(tenantId) ?? 0) < pageEventIntervalMs) return;
    this.lastPageEvent.set(tenantId, nowMs);
    const event: InventoryChanged = {
      tenantId,
      status: next.status,
      ...(next.pagesRead !== undefined ? { pagesRead: next.pagesRead } : {}),
      ...(next.inventory ? { readAt: next.inventory.readAt } : {}),
      ...(next.sweep ? { sweptAt: next.sweep.sweptAt } : {}),
    };
    this.deps.events.emit('inventory.changed', event);
  }
}
