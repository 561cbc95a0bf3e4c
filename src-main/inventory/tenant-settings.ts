// A tenant's settings, changed from the inventory's dialog: its defaults and `hide_default_models`,
// and its feature overrides. Each change is an operation on the tenant of its own, with no job: the
// setting as it was is read first, so the write is journaled with its undo (put back what was
// there) before it is sent, and audited. A change whose answer was lost stays open in its journal
// and is offered on the next start: Resume sends it again, Roll back puts the setting back.
import { z } from 'zod';
import type { AuditObject } from '../../src-shared/audit';
import { AppError } from '../../src-shared/errors';
import type { TenantInventory } from '../../src-shared/inventory';
import {
  featureOverrideChangeSchema,
  preferenceChangeSchema,
  setFeatureOverrideInputSchema,
  type FeatureOverrideChange,
  type PreferenceChange,
} from '../../src-shared/inventory-actions';
import type { AlationClient } from '../alation/client';
import type { LlmPreference } from '../alation/types';
import { forEachTenant } from '../jobs/job-runner';
import type { TenantClients } from '../profiles/tenant-clients';
import type { TenantProfiles } from '../profiles/tenant-profiles';
import { mayHaveLanded, type Operation, type TenantOperation, type TenantOperations, type Undo } from '../tenant-ops';

export interface TenantSettingsDeps {
  profiles: TenantProfiles;
  clients: TenantClients;
  operations: TenantOperations;
  inventoryOf(tenantId: string): TenantInventory | undefined;
}

const settingsContextSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('preference'), change: preferenceChangeSchema }),
  z.object({ kind: z.literal('override-set'), change: setFeatureOverrideInputSchema }),
  z.object({ kind: z.literal('override-clear'), change: featureOverrideChangeSchema }),
]);
type SettingsChange = z.infer<typeof settingsContextSchema>;

export class TenantSettings {
  constructor(private readonly deps: TenantSettingsDeps) {
    deps.operations.register<SettingsChange>({
      kind: 'settings',
      context: settingsContextSchema,
      resumeLabel: 'Send it again',
      resume: (operation) => this.resume(operation),
    });
  }

  setPreference(change: PreferenceChange): Promise<LlmPreference> {
    return this.change({ kind: 'preference', change }, `the defaults of “${this.name(change.tenantId)}”`) as Promise<LlmPreference>;
  }

  async setOverride(change: FeatureOverrideChange & { configId: string }): Promise<void> {
    await this.change(
      { kind: 'override-set', change },
      `override ${change.featureType} ${change.featureKey} on “${this.name(change.tenantId)}”`,
    );
  }

  async clearOverride(change: FeatureOverrideChange): Promise<void> {
    await this.change(
      { kind: 'override-clear', change },
      `override ${change.featureType} ${change.featureKey} on “${this.name(change.tenantId)}”`,
    );
  }

  /** One change as one operation: settled (the tenant-changed signal told) whatever happens. */
  private async change(context: SettingsChange, what: string): Promise<unknown> {
    const tenantId = context.change.tenantId;
    const operation = this.deps.operations.begin<SettingsChange>({
      kind: 'settings',
      title: `Change ${what}`,
      summary: `Changing ${what}`,
      source: 'inventory',
      tenantIds: [tenantId],
      context,
    });
    try {
      return await this.deps.clients.withClient(tenantId, async (client) => {
        const tenant = operation.tenant(tenantId);
        try {
          const saved = await this.write(tenant, client, context);
          tenant.end('done');
          return saved;
        } catch (error) {
          // A write whose answer was lost stays open: the next start offers to send it again or put it back.
          if (!mayHaveLanded(error)) tenant.end('failed');
          throw error;
        }
      });
    } finally {
      operation.settle();
    }
  }

  /** Sends a change that was cut short again: a job of one tenant. */
  private resume(operation: Operation<SettingsChange>) {
    const tenantId = operation.context.change.tenantId;
    return operation.runJob({
      kind: 'operation',
      title: operation.title,
      tenantIds: [tenantId],
      run: (ctx) =>
        forEachTenant(ctx, [tenantId], async (handle) => {
          const tenant = operation.tenant(tenantId, { handle, jobId: ctx.jobId });
          handle.running('Sending the change again', 1);
          await this.deps.clients.withClient(tenantId, async (client) => {
            try {
              await this.write(tenant, client, operation.context, ctx.signal);
              tenant.succeed('Saved');
            } catch (error) {
              await tenant.stop(client, error);
            }
          });
        }),
    });
  }

  /** Reads the setting as it is, then writes the change with the undo that puts it back. */
  private async write(tenant: TenantOperation, client: AlationClient, context: SettingsChange, signal?: AbortSignal): Promise<unknown> {
    const calls = signal ? { signal } : {};
    if (context.kind === 'preference') {
      const change = context.change;
      const now = await client.getLlmPreference(calls);
      const previous: Record<string, string | boolean | null> = {};
      const set: Record<string, string | boolean | null> = {};
      const body: Record<string, string | boolean | null> = {};
      const fields = [
        ['defaultLlmConfigId', 'llm', 'default_llm_config_id'],
        ['defaultEmbeddingConfigId', 'embedding', 'default_embedding_config_id'],
      ] as const;
      for (const [from, key, wire] of fields) {
        if (change[from] === undefined) continue;
        previous[key] = now[wire] ?? null;
        set[key] = body[wire] = change[from]!;
      }
      if (change.hideDefaultModels !== undefined) {
        previous.hide = Boolean(now.hide_default_models);
        set.hide = body.hide_default_models = change.hideDefaultModels;
      }
      const { objects, message } = preferenceAudit(change, this.deps.inventoryOf(change.tenantId));
      const undo = { kind: 'put-preference', previous, set } as Undo;
      const spec = {
        action: 'preference.set' as const,
        object: objects[0]!,
        alsoNames: objects.slice(1),
        step: 'defaults',
        undo,
        message,
        label: { done: `Set ${message}` },
      };
      return tenant.write(spec, () => client.putLlmPreference(body, calls));
    }
    const { featureType, featureKey } = context.change;
    const before =
      (await client.listFeatureOverrides(calls)).find((o) => o.feature_type === featureType && o.feature_key === featureKey)
        ?.llm_config_id ?? null;
    const object: AuditObject = { kind: 'override', id: null, name: `${featureType} ${featureKey}` };
    if (context.kind === 'override-set') {
      const configId = context.change.configId;
      const config = this.deps.inventoryOf(context.change.tenantId)?.configs.find((c) => c.id === configId);
      const undo: Undo = before
        ? { kind: 'put-override', featureType, featureKey, configId: before, setTo: configId }
        : { kind: 'clear-override', featureType, featureKey, setTo: configId };
      const spec = {
        action: 'override.set' as const,
        object,
        alsoNames: [{ kind: 'config' as const, id: configId, name: config?.name ?? null }],
        step: 'override',
        undo,
      };
      return tenant.write(spec, () =>
        client.putFeatureOverride({ feature_type: featureType, feature_key: featureKey, llm_config_id: configId }, calls),
      );
    }
    const undo: Undo | null = before ? { kind: 'put-override', featureType, featureKey, configId: before, setTo: null } : null;
    return tenant.write({ action: 'override.clear', object, step: 'override', undo }, async () => {
      try {
        await client.deleteFeatureOverride(featureType, featureKey, calls);
      } catch (error) {
        // Cleared already: what was asked for is true.
        if (!(error instanceof AppError && error.code === 'not_found')) throw error;
      }
    });
  }

  private name(tenantId: string): string {
    return this.deps.profiles.get(tenantId).name;
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
