// A deletion from the inventory, as one job and one operation on tenants: what the user confirmed,
// per tenant, configs first (each config's agents moved or left as the user chose), then
// credentials. A deletion a crash cut short is offered on the next start: Resume deletes what is
// left (its agents read again), Roll back moves back the agents it moved. Deletes themselves cannot
// be taken back. The tenants are read again after, through the tenant-changed signal.
import { z } from 'zod';
import { AppError, errorShapeOf } from '../../src-shared/errors';
import type { TenantInventory } from '../../src-shared/inventory';
import { agentDecisionSchema, deletionItemSchema, type AgentDecision, type DeletionItem } from '../../src-shared/inventory-actions';
import { plural } from '../../src-shared/plural';
import { forEachTenant, type JobContext, type TenantHandle } from '../jobs/job-runner';
import { requireProductionNames } from '../profiles/production-names';
import type { TenantClients } from '../profiles/tenant-clients';
import type { TenantProfiles } from '../profiles/tenant-profiles';
import type { Operation, TenantOperations } from '../tenant-ops';
import { checkAgentDecisions, deleteOnTenant, deletionKey } from './delete-items';

export interface InventoryDeletionDeps {
  profiles: TenantProfiles;
  clients: TenantClients;
  operations: TenantOperations;
  /** The tenant's inventory as the page last saw it: names, and what the user confirmed from. */
  inventoryOf(tenantId: string): TenantInventory | undefined;
}

/** What a deletion's journal keeps to resume it. */
const deletionContextSchema = z.object({ items: z.array(deletionItemSchema), agents: z.array(agentDecisionSchema) });
type DeletionContext = z.infer<typeof deletionContextSchema>;

export class InventoryDeletion {
  constructor(private readonly deps: InventoryDeletionDeps) {
    deps.operations.register<DeletionContext>({
      kind: 'delete',
      context: deletionContextSchema,
      resume: (operation) => this.resume(operation),
    });
  }

  /**
   * Deletes what the user confirmed, per tenant. Refused before anything is sent: an item gone from
   * the inventory, a built-in config, agents nobody decided about, a production tenant's name not typed.
   */
  start(items: readonly DeletionItem[], confirmations: Readonly<Record<string, string>>, agentDecisions: readonly AgentDecision[] = []) {
    const ids = [...new Set(items.map((i) => i.tenantId))];
    for (const id of ids) this.deps.profiles.get(id);
    requireProductionNames(this.deps.profiles, ids, confirmations, 'the deletion');
    for (const id of ids) {
      const profile = this.deps.profiles.get(id);
      const inventory = this.deps.inventoryOf(id);
      const mine = items.filter((i) => i.tenantId === id);
      for (const item of mine) {
        const known =
          item.kind === 'config' ? inventory?.configs.find((c) => c.id === item.id) : inventory?.credentials.find((c) => c.id === item.id);
        if (!known)
          throw new AppError(
            'not_found',
            `Something to delete is no longer in the inventory of “${profile.name}”. Refresh it, then choose again.`,
          );
        if (item.kind === 'config' && (known as TenantInventory['configs'][number]).builtIn) {
          throw new AppError(
            'validation',
            `“${known.name}” is a built-in config of “${profile.name}”: built-in configs cannot be deleted.`,
          );
        }
      }
      checkAgentDecisions(
        profile.name,
        inventory!,
        mine,
        agentDecisions.filter((d) => d.tenantId === id),
      );
    }
    const title = `Delete ${plural(items.length, 'item')}`;
    const operation = this.deps.operations.begin<DeletionContext>({
      kind: 'delete',
      title,
      summary: `Deleting ${plural(items.length, 'item')} from the inventory`,
      source: 'inventory',
      tenantIds: ids,
      context: { items: [...items], agents: [...agentDecisions] },
    });
    return operation.runJob({
      kind: 'delete',
      title,
      tenantIds: ids,
      run: (ctx) => forEachTenant(ctx, ids, (handle) => this.onTenant(operation, ctx, handle)),
    });
  }

  /** Deletes what a cut-short deletion had not deleted yet: one job. */
  private resume(operation: Operation<DeletionContext>) {
    const open = operation.openTenantIds;
    return operation.runJob({
      kind: 'operation',
      title: `Finish deleting on ${plural(open.length, 'tenant')}`,
      tenantIds: open,
      run: (ctx) => forEachTenant(ctx, open, (handle) => this.onTenant(operation, ctx, handle)),
    });
  }

  private async onTenant(operation: Operation<DeletionContext>, ctx: JobContext, handle: TenantHandle): Promise<void> {
    const tenant = operation.tenant(handle.tenantId, { handle, jobId: ctx.jobId });
    const inventory = this.deps.inventoryOf(handle.tenantId);
    const all = operation.context.items.filter((i) => i.tenantId === handle.tenantId);
    // A resume: what the cut-short run deleted is reported as such, and not sent again.
    const deletedBefore = all.filter((i) => tenant.steps.some((s) => s.key === deletionKey(i) && s.status === 'done'));
    const nameOf = (i: DeletionItem) =>
      (i.kind === 'config' ? inventory?.configs : inventory?.credentials)?.find((x) => x.id === i.id)?.name ?? i.id;
    tenant.report.targets = deletedBefore.map((i) => ({ kind: i.kind, id: i.id, name: nameOf(i), outcome: 'deleted' }));
    const mine = all.filter((i) => !deletedBefore.includes(i));
    handle.running('Deleting', mine.length);
    await this.deps.clients.withClient(handle.tenantId, async (client) => {
      try {
        const decisions = operation.context.agents.filter((d) => d.tenantId === handle.tenantId);
        const outcomes = await deleteOnTenant({ tenant, client, signal: ctx.signal, inventory, items: mine, decisions });
        const failed = outcomes.filter((o) => o.outcome === 'failed');
        if (failed.length === 0) return tenant.succeed(`${outcomes.length} deleted`);
        tenant.end('failed');
        handle.fail(new AppError('conflict', `${failed.length} of ${outcomes.length} could not be deleted.`), tenant.report);
      } catch (error) {
        // Quitting: left as it is, for Resume or Roll back on the next start.
        if (this.deps.operations.isQuitting) return tenant.stop(client, error);
        // A cancel keeps what is done: a DELETE cannot be taken back, and an agent already moved
        // is on a config that stays.
        const moved = tenant.made().filter((s) => s.action === 'agent.repoint');
        if (moved.length)
          tenant.report.leftOnTenant.push(`${plural(moved.length, 'agent')} moved before the stop, on the config chosen for them`);
        tenant.end(errorShapeOf(error).code === 'cancelled' ? 'cancelled' : 'failed');
        handle.fail(error, tenant.report);
      }
    });
  }
}
