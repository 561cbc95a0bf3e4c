// A setup run is an operation on its tenant. One a quit or a crash cut short cannot go on where it
// was: its secrets went with the app. "Keep what it made" settles it: a create whose answer was lost
// is looked for by its fingerprint (found, it is kept with the rest), and the run is closed, with
// what is on the tenant in its report. Roll back, the model's own, takes all of it back instead.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../src-shared/errors';
import type { JobView } from '../../src-shared/jobs';
import { forEachTenant, JobRunner } from '../jobs/job-runner';
import { TenantChanges, TenantOperations, thingOf, type Operation } from '../tenant-ops';
import type { ProviderSetupDeps } from './provider-setup';

/** What a setup's journal begins with: which run, for which provider (never a secret). */
export const setupContextSchema = z.object({ runId: z.uuid(), providerId: z.string() });
export type SetupContext = z.infer<typeof setupContextSchema>;

type WithClient = ProviderSetupDeps['withClient'];

/** Setup runs are resumed (kept) this way; one that made nothing has nothing to offer. */
export function registerSetupKind(operations: TenantOperations, withClient: WithClient): void {
  operations.register<SetupContext>({
    kind: 'setup',
    context: setupContextSchema,
    resumeLabel: 'Keep what it made',
    offerWhenNothingMade: false,
    resume: (operation) => resumeSetup(operation, withClient),
  });
}

function resumeSetup(operation: Operation<SetupContext>, withClient: WithClient): JobView {
  const tenantIds = operation.openTenantIds;
  return operation.runJob({
    kind: 'operation',
    title: `Keep what ${operation.summary.charAt(0).toLowerCase()}${operation.summary.slice(1)} made`,
    tenantIds,
    run: (ctx) =>
      forEachTenant(ctx, tenantIds, async (handle) => {
        const tenant = operation.tenant(handle.tenantId, { handle, jobId: ctx.jobId });
        handle.running('Looking for what it made', 1);
        try {
          await withClient(handle.tenantId, (client) => tenant.resolveUnsure(client, { signal: ctx.signal }));
        } catch (error) {
          // The tenant cannot be read now: nothing is settled, and the offer stays.
          return tenant.stop(null, error);
        }
        for (const step of tenant.made())
          tenant.record({
            step: step.object.kind,
            label: `Kept ${thingOf(step)}`,
            status: 'done',
            ...(step.object.id ? { objectId: step.object.id } : {}),
          });
        tenant.succeed(tenant.made().length ? `Kept ${tenant.made().map(thingOf).join(', ')}` : 'It had made nothing');
      }),
  });
}

/** Operations of their own, for a setup used without the app's (a test of the flow alone). */
export function standaloneOperations(deps: ProviderSetupDeps): TenantOperations {
  return new TenantOperations({
    dataDir: mkdtempSync(join(tmpdir(), 'byom-setup-operations-')),
    audit: deps.audit ?? { record: () => undefined },
    jobs: new JobRunner({ events: { emit: () => undefined }, log: deps.log }),
    clients: { withClient: (id, work) => deps.withClient(id, work) },
    profiles: {
      get: (id) => {
        throw new AppError('not_found', `No profile ${id}.`);
      },
      needsTypedName: (id) => {
        throw new AppError('not_found', `No profile ${id}.`);
      },
    },
    changes: new TenantChanges(deps.log),
    log: deps.log,
  });
}
