// The inventory across tenants: each tenant's state (its last good read, kept when a refresh
// fails), refreshed, swept and cleaned up as jobs, every tenant on its own so a slow or broken one
// holds back no other. The page gets a small `inventory.changed` event per tenant and asks for the
// data it needs, so 25 tenants x 1,000 configs never travel in progress events.
import type { AuditObject } from '../../src-shared/audit';
import { AppError, errorShapeOf } from '../../src-shared/errors';
import type { InventoryChanged, TenantInventory, TenantInventoryState, TenantSweep } from '../../src-shared/inventory';
import type { AgentDecision, DeletionItem, FeatureOverrideChange, PreferenceChange } from '../../src-shared/inventory-actions';
import type { AlationClient } from '../alation/client';
import { recordChange, type AuditRecorder } from '../audit/audit-log';
import type { EventSink } from '../ipc/events';
import { forEachTenant, type JobRunner, type TenantHandle } from '../jobs/job-runner';
import type { Logger } from '../log/logger';
import type { TenantClients } from '../profiles/tenant-clients';
import type { TenantProfiles } from '../profiles/tenant-profiles';
import type { DocumentFiles } from '../storage/document-file';
import { checkCredential, sweepOutcome } from './check-credential';
import { checkAgentDecisions, deleteOnTenant } from './delete-items';
import { InventoryCache } from './inventory-cache';
import { readTenantInventory } from './read-inventory';
import { requireProductionNames } from '../profiles/production-names';
import { plural } from '../../src-shared/plural';

export interface InventoryDeps {
  profiles: TenantProfiles;
  clients: TenantClients;
  jobs: JobRunner;
  events: EventSink;
  files: DocumentFiles;
  log: Logger;
  /** Where every deletion, default, override and sweep verdict is recorded. */
  audit?: AuditRecorder;
  /** The expiries the user entered: those of credentials gone from the tenant are dropped. */
  expiries?: InventoryExpiries;
  now?: () => Date;
}

/** What the inventory tells the expiries store. */
export interface InventoryExpiries {
  /** A full read of the tenant found these credentials: an expiry set before `readStartedAt` for any other is dropped. */
  keepOnly(tenantId: string, credentialIds: readonly string[], readStartedAt: Date): void;
  /** The credential was deleted (or found gone). */
  forget(target: { tenantId: string; credentialId: string }): void;
}

/** Progress events for pages read are sent at most this often per tenant. */
const pageEventIntervalMs = 100;

export class InventoryService {
  private readonly states = new Map<string, TenantInventoryState>();
  private readonly cache: InventoryCache;
  private readonly now: () => Date;
  private readonly lastPageEvent = new Map<string, number>();

  constructor(private readonly deps: InventoryDeps) {
    this.cache = new InventoryCache(deps);
    this.now = deps.now ?? (() => new Date());
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
          tenant.ok(`${inventory.configs.filter((c) => !c.builtIn).length} configs, ${inventory.credentials.length} credentials`, { readAt: inventory.readAt });
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
          const credentials = await this.deps.clients.withClient(tenant.tenantId, (client) =>
            Promise.all(
              inventory.credentials.map(async (credential) => {
                const health = await checkCredential(client, inventory, credential.id, ctx.signal);
                const objects: AuditObject[] = [{ kind: 'credential', id: credential.id, name: credential.name }];
                this.deps.audit?.record({ tenantId: tenant.tenantId, action: 'sweep', source: 'sweep', jobId: ctx.jobId, objects, ...sweepOutcome(health) });
                tenant.step(++done);
                return health;
              }),
            ),
          );
          if (ctx.signal.aborted) throw new AppError('cancelled', 'Cancelled');
          const sweep: TenantSweep = { tenantId: tenant.tenantId, sweptAt: this.now().toISOString(), credentials };
          this.update(tenant.tenantId, { sweep });
          const bad = credentials.filter((c) => c.status !== 'ok' && c.status !== 'unlisted').length;
          tenant.ok(bad === 0 ? `${credentials.length} credentials checked` : `${bad} of ${credentials.length} credentials need attention`, {
            sweptAt: sweep.sweptAt,
          });
        }),
    });
  }

  /**
   * Deletes what the user confirmed, per tenant: configs first (each config's agents moved or left
   * as the user chose), then credentials. Each item is reported; afterwards each tenant is read
   * again so the view matches it. A production tenant's items need its name, typed.
   */
  deleteItems(
    items: readonly DeletionItem[],
    confirmations: Readonly<Record<string, string>>,
    agentDecisions: readonly AgentDecision[] = [],
  ): ReturnType<JobRunner['start']> {
    const ids = this.known([...new Set(items.map((i) => i.tenantId))]);
    requireProductionNames(this.deps.profiles, ids, confirmations, 'the deletion');
    for (const id of ids) {
      const profile = this.deps.profiles.get(id);
      const inventory = this.state(id).inventory;
      const mine = items.filter((i) => i.tenantId === id);
      for (const item of mine) {
        const known = item.kind === 'config' ? inventory?.configs.find((c) => c.id === item.id) : inventory?.credentials.find((c) => c.id === item.id);
        if (!known) throw new AppError('not_found', `Something to delete is no longer in the inventory of “${profile.name}”. Refresh it, then choose again.`);
        if (item.kind === 'config' && (known as TenantInventory['configs'][number]).builtIn) {
          throw new AppError('validation', `“${known.name}” is a built-in config of “${profile.name}”: built-in configs cannot be deleted.`);
        }
      }
      checkAgentDecisions(profile.name, inventory!, mine, agentDecisions.filter((d) => d.tenantId === id));
    }
    return this.deps.jobs.start({
      kind: 'delete',
      title: `Delete ${plural(items.length, 'item')}`,
      tenantIds: ids,
      run: (ctx) =>
        forEachTenant(ctx, ids, async (tenant) => {
          const mine = items.filter((i) => i.tenantId === tenant.tenantId);
          tenant.running('Deleting', mine.length);
          const outcomes = await this.deps.clients.withClient(tenant.tenantId, (client) =>
            deleteOnTenant({
              client,
              tenantId: tenant.tenantId,
              jobId: ctx.jobId,
              signal: ctx.signal,
              inventory: this.state(tenant.tenantId).inventory,
              items: mine,
              decisions: agentDecisions.filter((d) => d.tenantId === tenant.tenantId),
              audit: this.deps.audit,
              log: this.deps.log,
              onOutcome: (so) => tenant.step(so.length),
              forgetCredential: (credentialId) => this.deps.expiries?.forget({ tenantId: tenant.tenantId, credentialId }),
            }),
          );
          // The view must match the tenant, whatever happened.
          await this.read(tenant, ctx.signal).catch(() => undefined);
          const failed = outcomes.filter((o) => o.status === 'failed');
          if (failed.length > 0) tenant.fail(new AppError('conflict', `${failed.length} of ${outcomes.length} could not be deleted.`), { outcomes });
          else tenant.ok(`${outcomes.length} deleted`, { outcomes });
        }),
    });
  }

  async setPreference(change: PreferenceChange): Promise<TenantInventoryState> {
    this.known([change.tenantId]);
    const body = {
      ...(change.defaultLlmConfigId !== undefined ? { default_llm_config_id: change.defaultLlmConfigId } : {}),
      ...(change.defaultEmbeddingConfigId !== undefined ? { default_embedding_config_id: change.defaultEmbeddingConfigId } : {}),
      ...(change.hideDefaultModels !== undefined ? { hide_default_models: change.hideDefaultModels } : {}),
    };
    const entry = { tenantId: change.tenantId, source: 'inventory', action: 'preference.set', ...preferenceAudit(change, this.state(change.tenantId).inventory) } as const;
    const saved = await recordChange(this.deps.audit, entry, () => this.deps.clients.withClient(change.tenantId, (client) => client.putLlmPreference(body)));
    this.deps.log.info('inventory.preference_set', { tenant: change.tenantId, fields: Object.keys(body).join(',') });
    return this.patchInventory(change.tenantId, (inv) => ({
      ...inv,
      preference: {
        defaultLlmConfigId: saved.default_llm_config_id,
        defaultEmbeddingConfigId: saved.default_embedding_config_id,
        hideDefaultModels: saved.hide_default_models,
      },
    }));
  }

  async setOverride(change: FeatureOverrideChange & { configId: string }): Promise<TenantInventoryState> {
    this.known([change.tenantId]);
    return this.deps.clients.withClient(change.tenantId, async (client) => {
      const config = this.state(change.tenantId).inventory?.configs.find((c) => c.id === change.configId);
      const objects: AuditObject[] = [overrideObject(change), { kind: 'config', id: change.configId, name: config?.name ?? null }];
      await recordChange(this.deps.audit, { tenantId: change.tenantId, source: 'inventory', action: 'override.set', objects }, () =>
        client.putFeatureOverride({ feature_type: change.featureType, feature_key: change.featureKey, llm_config_id: change.configId }),
      );
      this.deps.log.info('inventory.override_set', { tenant: change.tenantId, featureType: change.featureType, featureKey: change.featureKey });
      return this.rereadOverrides(change.tenantId, client);
    });
  }

  async clearOverride(change: FeatureOverrideChange): Promise<TenantInventoryState> {
    this.known([change.tenantId]);
    return this.deps.clients.withClient(change.tenantId, async (client) => {
      await recordChange(this.deps.audit, { tenantId: change.tenantId, source: 'inventory', action: 'override.clear', objects: [overrideObject(change)] }, async () => {
        try {
          await client.deleteFeatureOverride(change.featureType, change.featureKey);
        } catch (error) {
          // Cleared already: what was asked for is true.
          if (!(error instanceof AppError && error.code === 'not_found')) throw error;
        }
      });
      this.deps.log.info('inventory.override_cleared', { tenant: change.tenantId, featureType: change.featureType, featureKey: change.featureKey });
      return this.rereadOverrides(change.tenantId, client);
    });
  }

  /** A removed tenant's inventory goes with it. */
  forget(tenantId: string): void {
    this.states.delete(tenantId);
    this.cache.remove(tenantId);
  }

  private async rereadOverrides(tenantId: string, client: AlationClient): Promise<TenantInventoryState> {
    const overrides = await client.listFeatureOverrides();
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
    this.update(id, { status: 'loading', pagesRead: 0 });
    try {
      const inventory = await this.deps.clients.withClient(id, (client) =>
        readTenantInventory(client, id, {
          signal,
          now: this.now,
          onPage: (pagesRead) => {
            tenant.step(pagesRead, `${plural(pagesRead, 'page')} read`);
            this.update(id, { pagesRead }, { quiet: true });
          },
        }),
      );
      this.update(id, { status: 'ok', stale: false, inventory, error: undefined, pagesRead: undefined });
      this.deps.expiries?.keepOnly(id, inventory.credentials.map((c) => c.id), startedAt);
      return inventory;
    } catch (error) {
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

const preferenceNames = { defaultLlmConfigId: 'default LLM', defaultEmbeddingConfigId: 'default embedding' } as const;

/** What a defaults change names: each setting changed, the configs it now points at, and a summary. */
function preferenceAudit(change: PreferenceChange, inventory: TenantInventory | undefined): { objects: AuditObject[]; message: string } {
  const objects: AuditObject[] = [];
  const said: string[] = [];
  for (const key of ['defaultLlmConfigId', 'defaultEmbeddingConfigId'] as const) {
    const id = change[key];
    if (id === undefined) continue;
    objects.push({ kind: 'preference', id: null, name: preferenceNames[key] });
    if (id === null) {
      said.push(`${preferenceNames[key]}: back to Alation’s default`);
      continue;
    }
    const name = inventory?.configs.find((c) => c.id === id)?.name ?? null;
    objects.push({ kind: 'config', id, name });
    said.push(`${preferenceNames[key]}: ${name ? `“${name}”` : id}`);
  }
  if (change.hideDefaultModels !== undefined) {
    objects.push({ kind: 'preference', id: null, name: 'hide_default_models' });
    said.push(`hide_default_models: ${change.hideDefaultModels}`);
  }
  return { objects, message: said.join('; ') };
}

function overrideObject(change: FeatureOverrideChange): AuditObject {
  return { kind: 'override', id: null, name: `${change.featureType} ${change.featureKey}` };
}
