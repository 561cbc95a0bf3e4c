// Rotating a key on every tenant that holds it, as one job and one operation on tenants (journaled,
// audited, resumable). In place where the tenant can (rotate-in-place.ts); where a tenant has no
// PATCH (404 or 405), the documented fallback when asked for (replace-credential.ts). Each target
// is first checked, in main, against the credential as the tenant lists it now: one that no longer
// holds the key the page chose is skipped. After a crash, the next start offers Resume (the
// fallback finishes from its journal; an in-place rotation checks the keys it set) or Roll back.
import { z } from 'zod';
import { AppError, errorShapeOf } from '../../src-shared/errors';
import { plural } from '../../src-shared/plural';
import { providerIds, providerVariant } from '../../src-shared/providers/catalog';
import { isSecretField, secretValuesIn } from '../../src-shared/providers/credential-schema';
import { rotationFields, rotationKeySchema, type StartRotationInput } from '../../src-shared/rotation';
import type { OperationTarget } from '../../src-shared/tenant-operation';
import { forEachTenant, type JobContext, type JobRunner, type TenantHandle } from '../jobs/job-runner';
import { SecretScope, type Logger, type SecretRedactor } from '../log/logger';
import { requireProductionNames } from '../profiles/production-names';
import type { TenantClients } from '../profiles/tenant-clients';
import type { TenantProfiles } from '../profiles/tenant-profiles';
import { inventoryOf, readTenant, type Operation, type TenantOperation, type TenantOperations } from '../tenant-ops';
import { replaceCredential } from './replace-credential';
import { checkAfterCrash, rotateInPlace } from './rotate-in-place';
import { checkedValues } from './rotation-values';

export interface RotationServiceDeps {
  profiles: TenantProfiles;
  clients: TenantClients;
  jobs: JobRunner;
  /** Every write goes through an operation: journaled, audited, undoable, offered again after a crash. */
  operations: TenantOperations;
  log: Logger;
  redactor: SecretRedactor;
  now?: () => Date;
}

/** What a rotation's journal keeps to resume it: never the new key (BYOM Desk keeps it nowhere). */
const rotationContextSchema = z.object({
  providerId: z.enum(providerIds),
  targets: z.array(z.object({ tenantId: z.string(), credentialId: z.string(), key: rotationKeySchema })),
  expiresAt: z.iso.datetime().nullable().optional(),
});
type RotationContext = z.infer<typeof rotationContextSchema>;

export class RotationService {
  private readonly now: () => Date;

  constructor(private readonly deps: RotationServiceDeps) {
    this.now = deps.now ?? (() => new Date());
    for (const kind of ['rotation', 'rotation-fallback'] as const) {
      deps.operations.register<RotationContext>({
        kind,
        context: rotationContextSchema,
        ...(kind === 'rotation' ? { resumeLabel: 'Check the new keys' } : {}),
        resume: (operation) => this.resume(operation),
      });
    }
  }

  start(input: StartRotationInput) {
    const variant = providerVariant(input.providerId);
    const values = checkedValues(input.providerId, input.values);
    const tenantIds = [...new Set(input.targets.map((t) => t.tenantId))];
    requireProductionNames(this.deps.profiles, tenantIds, input.confirmations, 'rotating its key');
    const scope = new SecretScope(this.deps.redactor);
    // Every secret as a tenant may quote it back: a service account whole and by its private key.
    for (const f of rotationFields(input.providerId)) {
      if (isSecretField(f)) secretValuesIn({ [f.key]: values[f.key] }).forEach((s, i) => scope.set(`rotation:${f.key}:${i}`, s));
    }
    const count = input.targets.length;
    const title = `${input.fallback ? 'Replace' : 'Rotate'} ${variant.label} key on ${plural(count, 'credential')}`;
    const context: RotationContext = {
      providerId: input.providerId,
      targets: input.targets,
      ...(input.expiresAt !== undefined ? { expiresAt: input.expiresAt } : {}),
    };
    const operation = this.deps.operations.begin<RotationContext>({
      kind: input.fallback ? 'rotation-fallback' : 'rotation',
      title,
      summary: `${input.fallback ? 'Replacing' : 'Rotating'} the ${variant.label} key on ${plural(count, 'credential')}`,
      source: 'rotation',
      tenantIds,
      context,
    });
    return operation.runJob({
      kind: 'rotation',
      title,
      tenantIds,
      run: async (ctx) => {
        try {
          await forEachTenant(ctx, tenantIds, (handle) => this.runTenant(operation, ctx, handle, values));
        } finally {
          scope.release();
        }
      },
    });
  }

  /** Finishes a rotation a crash cut short, on each tenant it did not finish: one job. */
  private resume(operation: Operation<RotationContext>) {
    const open = operation.openTenantIds;
    const what = operation.kind === 'rotation-fallback' ? 'Finish replacing' : 'Check the keys rotated';
    return operation.runJob({
      kind: 'operation',
      title: `${what} on ${plural(open.length, 'tenant')}`,
      tenantIds: open,
      run: (ctx) => forEachTenant(ctx, open, (handle) => this.runTenant(operation, ctx, handle, undefined)),
    });
  }

  /** One tenant's part: each of its targets in turn. `values` absent: a resume (the journal says what was done). */
  private async runTenant(
    operation: Operation<RotationContext>,
    ctx: JobContext,
    handle: TenantHandle,
    values: Record<string, string> | undefined,
  ): Promise<void> {
    // What the journal says was made is loaded with the writer, before the tenant is read.
    const tenant = operation.tenant(handle.tenantId, { handle, jobId: ctx.jobId });
    const { providerId, expiresAt } = operation.context;
    const targets = operation.context.targets.filter((t) => t.tenantId === handle.tenantId);
    const fallback = operation.kind === 'rotation-fallback';
    handle.running(values ? 'Reading the tenant' : 'Reading what the cut-short run made', targets.length * (fallback ? 12 : 3));
    const results: OperationTarget[] = [];
    tenant.report.targets = results;
    await this.deps.clients.withClient(handle.tenantId, async (client) => {
      const read = async () => inventoryOf(await readTenant(client, { signal: ctx.signal }), handle.tenantId, this.now());
      let inventory;
      try {
        if (!values) await tenant.resolveUnsure(client, { signal: ctx.signal });
        inventory = await read();
      } catch (error) {
        // Nothing was written yet; a resume that cannot read the tenant leaves it offered.
        return tenant.stop(client, error, values ? { refused: true } : { leaveUnfinished: true });
      }
      let unfinished = false;
      for (const [i, target] of targets.entries()) {
        const name = inventory.credentials.find((c) => c.id === target.credentialId)?.name ?? target.credentialId;
        if (ctx.signal.aborted) {
          results.push({
            kind: 'credential',
            id: target.credentialId,
            name,
            outcome: 'failed',
            message: 'Not started: the rotation was cancelled. This credential keeps its old key.',
          });
          continue;
        }
        try {
          // A fallback moves the tenant's defaults and overrides: the next credential is replaced
          // from the tenant as it is now, not as it was read first.
          if (fallback && i > 0) inventory = await read();
          const one = {
            tenant,
            client,
            inventory,
            target,
            providerId,
            signal: ctx.signal,
            ...(values ? { values } : {}),
            ...(expiresAt !== undefined ? { expiresAt } : {}),
          };
          if (fallback) {
            const replaced = await replaceCredential({ ...one, now: this.now, quitting: () => this.deps.operations.isQuitting });
            results.push(replaced.target);
            unfinished ||= replaced.unfinished;
          } else {
            results.push(values ? await rotateInPlace({ ...one, values }) : await checkAfterCrash(one));
          }
        } catch (error) {
          if (this.deps.operations.isQuitting) return tenant.stop(client, error);
          results.push({
            kind: 'credential',
            id: target.credentialId,
            name,
            outcome: 'failed',
            message: `Not rotated: ${errorShapeOf(error).message}`,
            code: errorShapeOf(error).code,
          });
        }
        handle.running(`${results.at(-1)!.name}: ${results.at(-1)!.outcome}`);
      }
      this.end(tenant, handle, results, unfinished, fallback);
    });
  }

  private end(tenant: TenantOperation, handle: TenantHandle, results: OperationTarget[], unfinished: boolean, fallback: boolean): void {
    const bad = results.filter((r) => r.outcome !== 'rotated' && r.outcome !== 'replaced');
    if (unfinished) {
      // Past the point of no return, or a take-back the tenant refused: the offer stays, for Resume or Roll back.
      tenant.report.outcome = 'unfinished';
      handle.fail(
        new AppError('server', `${bad[0]?.message ?? 'The rotation stopped.'} It is offered to Resume or Roll back.`),
        tenant.report,
      );
      return;
    }
    if (bad.length === 0) return tenant.succeed(results.map((r) => `${r.name}: ${r.outcome}`).join('; '));
    tenant.end('failed');
    handle.fail(failureOf(bad[0]!, fallback), tenant.report);
  }
}

function failureOf(target: OperationTarget, fallback: boolean): AppError {
  const name = `“${target.name}”`;
  if (target.outcome === 'rejected') {
    const gone = fallback
      ? ' Nothing was changed on this tenant: the credential keeps its old key.'
      : ' The old key is no longer on this tenant: agents that use this credential fail until a working key is set.';
    return new AppError('validation', `The provider refuses the new key for ${name}.${gone} Correct the key and retry.`);
  }
  if (target.outcome === 'unverified')
    return new AppError('network', `The new key is set on ${name}, but could not be checked: run a health sweep on this tenant.`);
  if (target.outcome === 'no-patch')
    return new AppError('unsupported', `This tenant cannot update ${name} in place: use the fallback (a successor credential).`, {
      noPatch: true,
    });
  if (target.outcome === 'skipped') return new AppError('conflict', `${name} was skipped. ${target.message ?? ''}`.trim());
  // The error that stopped it keeps its code (a timeout, a refused token), so a screen can tell them apart.
  return new AppError(target.code ?? 'server', target.message ?? 'The rotation stopped.');
}
