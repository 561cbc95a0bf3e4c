// The scheduled sweep's runner: the inventory's own sweep job (the Inventory's "Health sweep"), so a
// scheduled sweep shows, and can be cancelled, like one started by hand, and its results land in
// the same place. Each tenant's sweep is taken before the job and after it, for the alert rule.
import type { InventoryService } from '../inventory/inventory-service';
import type { JobRunner } from '../jobs/job-runner';
import type { SweepRunner } from './scheduled-sweep';

export function inventorySweeps(deps: {
  inventory: Pick<InventoryService, 'list' | 'sweep'>;
  jobs: Pick<JobRunner, 'list' | 'settled'>;
  /** The tenant's name now, or undefined when it was removed. */
  tenantName(tenantId: string): string | undefined;
}): SweepRunner {
  return {
    busy: () => deps.jobs.list().some((job) => job.kind === 'sweep' && job.status === 'running'),
    async run(tenantIds) {
      const before = new Map(deps.inventory.list(tenantIds).map((state) => [state.tenantId, state.sweep]));
      const job = deps.inventory.sweep(tenantIds);
      await deps.jobs.settled(job.id);
      // A tenant removed while it was swept has nothing left to alert of.
      const still = tenantIds.filter((id) => deps.tenantName(id) !== undefined);
      return deps.inventory.list(still).map((state) => ({
        tenantId: state.tenantId,
        tenantName: deps.tenantName(state.tenantId)!,
        before: before.get(state.tenantId),
        after: state.sweep,
        credentials: state.inventory?.credentials ?? [],
      }));
    },
  };
}
