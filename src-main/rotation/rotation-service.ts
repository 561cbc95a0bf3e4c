// Rotating a key on every tenant that holds it, as one job. In place where the tenant can: PATCH
// the credential with the new secret fields only, validate it again, check its configs' models
// are still listed, report. Where a tenant has no PATCH (404 or 405), the documented fallback,
// when asked for (replace-credential.ts): a successor credential, its configs recreated on it, the
// agents, defaults and feature overrides moved, the old configs deleted, the new ones renamed back,
// the old credential deleted. Every change is audited; the new key's expiry follows the credential.
import type { AuditEntryInput } from '../../src-shared/audit';
import { AppError, errorShapeOf } from '../../src-shared/errors';
import { providerVariant, type ProviderId } from '../../src-shared/providers/catalog';
import { credentialPayload, credentialValuesSchema, isSecretField } from '../../src-shared/providers/credential-schema';
import { rotationFields, type CredentialRotationReport, type RotationTarget, type StartRotationInput } from '../../src-shared/rotation';
import { validationError } from '../../src-shared/validation';
import { mayHaveReachedTenant } from '../alation/errors';
import { auditFailure } from '../audit/audit-log';
import { readTenantInventory } from '../inventory/read-inventory';
import { forEachTenant, type JobRunner } from '../jobs/job-runner';
import { SecretScope, type Logger, type SecretRedactor } from '../log/logger';
import type { TenantClients } from '../profiles/tenant-clients';
import type { TenantProfiles } from '../profiles/tenant-profiles';
import { requireProductionNames } from '../profiles/production-names';
import { plural } from '../../src-shared/plural';
import { replaceCredential, type ReplaceDeps } from './replace-credential';
import { baseReport, fail, locate, validateAfter, type Audit, type OneRotation } from './rotation-steps';

/** What the expiries store must do for a rotation: the new key's expiry, and a successor's. */
export interface RotationExpiries {
  set(target: RotationTarget, expiresAt: string | null, meta: { credentialName: string; source: 'user' | 'draft' | 'rotation' }): void;
  move(from: RotationTarget, to: RotationTarget & { credentialName: string }): void;
}

export interface RotationServiceDeps {
  profiles: TenantProfiles;
  clients: TenantClients;
  jobs: JobRunner;
  audit: { record(entry: AuditEntryInput): unknown };
  expiries?: RotationExpiries;
  log: Logger;
  redactor: SecretRedactor;
  now?: () => Date;
  /** After the job, so the inventory shows the new state. */
  onTenantChanged?: (tenantId: string) => void;
}

export class RotationService {
  private readonly now: () => Date;

  constructor(private readonly deps: RotationServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  start(input: StartRotationInput) {
    const variant = providerVariant(input.providerId);
    const values = this.checkedValues(input.providerId, input.values);
    const tenantIds = [...new Set(input.targets.map((t) => t.tenantId))];
    requireProductionNames(this.deps.profiles, tenantIds, input.confirmations, 'rotating its key');
    const scope = new SecretScope(this.deps.redactor);
    for (const f of rotationFields(input.providerId)) if (isSecretField(f) && values[f.key]) scope.set(`rotation:${f.key}`, values[f.key]!);
    const count = input.targets.length;
    const replaceDeps: ReplaceDeps = {
      now: this.now,
      moveExpiry: (from, to) => this.deps.expiries?.move(from, to),
      recordExpiry: (target, name) => this.recordExpiry(input, target, name),
    };
    // Progress steps per credential: PATCH, validate, check; or the fallback's eight.
    const stepsEach = input.fallback ? 8 : 3;
    return this.deps.jobs.start({
      kind: 'rotation',
      title: `${input.fallback ? 'Replace' : 'Rotate'} ${variant.label} key on ${plural(count, 'credential')}`,
      tenantIds,
      run: async (ctx) => {
        try {
          await forEachTenant(ctx, tenantIds, async (tenant) => {
            const targets = input.targets.filter((t) => t.tenantId === tenant.tenantId);
            const audit: Audit = (entry) => this.deps.audit.record({ ...entry, tenantId: tenant.tenantId, source: 'rotation', jobId: ctx.jobId });
            tenant.running('Reading the tenant', targets.length * stepsEach);
            const reports = await this.deps.clients.withClient(tenant.tenantId, async (client) => {
              let inventory = await readTenantInventory(client, tenant.tenantId, { signal: ctx.signal });
              const out: CredentialRotationReport[] = [];
              for (const target of targets) {
                if (ctx.signal.aborted) {
                  out.push(fail(baseReport(target, inventory.credentials.find((c) => c.id === target.credentialId)?.name ?? target.credentialId), 'Not started: the rotation was cancelled. This credential keeps its old key.'));
                  continue;
                }
                // A fallback moves the tenant's defaults and overrides: the next credential of the
                // same tenant is replaced from the tenant as it is now, not as it was read first.
                if (input.fallback && out.length > 0) inventory = await readTenantInventory(client, tenant.tenantId, { signal: ctx.signal });
                const run: OneRotation = { client, inventory, target, input, values, audit, signal: ctx.signal };
                const one = input.fallback ? await replaceCredential(run, replaceDeps) : await this.rotateInPlace(run);
                out.push(one);
                tenant.step(out.length * stepsEach, `${one.credentialName}: ${one.outcome}`);
              }
              return out;
            });
            this.deps.onTenantChanged?.(tenant.tenantId);
            const bad = reports.filter((r) => r.outcome !== 'rotated' && r.outcome !== 'replaced');
            if (bad.length === 0) tenant.ok(reports.map((r) => `${r.credentialName}: ${r.outcome === 'replaced' ? 'replaced' : 'rotated'}`).join('; '), reports);
            else tenant.fail(failureOf(bad[0]!), reports);
          });
        } finally {
          scope.release();
        }
      },
    });
  }

  /** PATCH with the new secret fields only; then validate, and check the configs' models are still listed. */
  private async rotateInPlace(one: OneRotation): Promise<CredentialRotationReport> {
    const { client, inventory, target, input, values, audit, signal } = one;
    const { credential, report } = locate(one);
    if (!credential) return report;
    const objects = [{ kind: 'credential' as const, id: credential.id, name: credential.name }];
    try {
      await client.patchCredential(credential.id, patchBody(input.providerId, values), { signal });
    } catch (error) {
      const shape = errorShapeOf(error);
      // The credential was listed just now: a 404 on PATCH says the route is missing, not the credential.
      const noPatch = shape.code === 'unsupported' || shape.code === 'not_found';
      audit({ action: 'credential.rotate', objects, ...auditFailure(error) });
      if (noPatch) {
        report.outcome = 'no-patch';
        report.steps.push({ label: 'This tenant cannot update a credential in place (it answered PATCH with 404 or 405): nothing was changed', status: 'failed', message: shape.message });
        return report;
      }
      // A PATCH cut off on the wire may have landed: the report cannot say which key the tenant holds.
      if (mayHaveReachedTenant(error) || shape.code === 'cancelled') return fail(report, `Stopped while the new key was being set (${shape.message}): the tenant may hold either key. Run a health sweep, or rotate again.`);
      return fail(report, `The new key could not be set: ${shape.message}`);
    }
    audit({ action: 'credential.rotate', objects, outcome: 'ok', message: `New ${rotationFields(input.providerId).filter((f) => values[f.key]).map((f) => f.label).join(', ')}` });
    report.oldSecretGone = true;
    report.steps.push({ label: 'Set the new key (PATCH)', status: 'done' });
    this.recordExpiry(input, target, credential.name);
    try {
      await validateAfter(client, inventory, credential.id, input.providerId, report, audit, signal);
    } catch (error) {
      // The new key is in place whatever stopped the check (cancel, the tenant unreachable): the
      // report says so, rather than losing it to the tenant's error.
      const shape = errorShapeOf(error);
      audit({ action: 'credential.validate', objects, ...auditFailure(error) });
      report.outcome = 'unverified';
      report.steps.push({ label: `The new key is set, but could not be checked: ${shape.message.replace(/\.$/, '')}. Run a health sweep on this tenant to check it.`, status: 'failed' });
    }
    return report;
  }

  private recordExpiry(input: StartRotationInput, target: RotationTarget, credentialName: string): void {
    // Absent: each credential keeps the expiry it had (a long-lived key rotated early keeps none).
    if (input.expiresAt === undefined) return;
    this.deps.expiries?.set(target, input.expiresAt, { credentialName, source: 'rotation' });
  }

  /** The new values of the rotation fields, checked with the catalog's own schema; every required one given. */
  private checkedValues(providerId: ProviderId, given: Record<string, string>): Record<string, string> {
    const fields = rotationFields(providerId);
    const keys = new Set(fields.map((f) => f.key));
    const unknown = Object.keys(given).filter((k) => !keys.has(k) && given[k]!.trim() !== '');
    if (unknown.length) throw new AppError('validation', `${providerVariant(providerId).label} keys have no field ${unknown.join(', ')} to rotate.`);
    const values: Record<string, string> = {};
    for (const f of fields) if ((given[f.key] ?? '').trim() !== '') values[f.key] = given[f.key]!.trim();
    const missing = fields.filter((f) => f.required && !values[f.key]);
    if (missing.length) {
      throw new AppError('validation', `Enter the new ${missing.map((f) => f.label).join(' and ')}.`, { fields: missing.map((f) => ({ path: `values.${f.key}`, message: `${f.label} is required` })) });
    }
    // The catalog's schema checks formats; the other fields stand in with placeholders it accepts.
    const placeholders = Object.fromEntries(providerVariant(providerId).fields.filter((f) => !keys.has(f.key)).map((f) => [f.key, placeholderFor(f.kind)]));
    const parsed = credentialValuesSchema(providerId).safeParse({ ...placeholders, ...values });
    if (!parsed.success) {
      const issues = parsed.error.issues.filter((i) => keys.has(String(i.path[0])));
      if (issues.length) throw validationError(parsed.error, 'The new key');
    }
    return values;
  }
}

function placeholderFor(kind: string): string {
  if (kind === 'url') return 'https://placeholder.example.com';
  if (kind === 'region') return 'us-east-1';
  return 'placeholder';
}

/**
 * The PATCH body: the rotation fields only, as a POST would send them (a service account as an
 * object). An optional secret left blank is cleared (null): an STS key pair rotated to a long-term
 * one must not keep the old session token, which AWS would refuse with the new key.
 */
function patchBody(providerId: ProviderId, values: Record<string, string>): Record<string, unknown> {
  const { name: _name, creds_type: _type, ...body } = credentialPayload(providerVariant(providerId), values);
  const cleared = rotationFields(providerId).filter((f) => isSecretField(f) && !f.required && !values[f.key]);
  return { ...body, ...Object.fromEntries(cleared.map((f) => [f.key, null])) };
}


function failureOf(report: CredentialRotationReport): AppError {
  if (report.outcome === 'rejected') {
    const gone = report.oldSecretGone
      ? ' The old key is no longer on this tenant: agents that use this credential fail until a working key is set.'
      : ' Nothing was changed on this tenant: the credential keeps its old key.';
    return new AppError('validation', `The provider refuses the new key for “${report.credentialName}”.${gone} Correct the key and retry.`);
  }
  if (report.outcome === 'unverified') return new AppError('network', `The new key is set on “${report.credentialName}”, but could not be checked: run a health sweep on this tenant.`);
  if (report.outcome === 'no-patch') return new AppError('unsupported', `This tenant cannot update “${report.credentialName}” in place: use the fallback (a successor credential).`, { noPatch: true });
  return new AppError('server', report.steps.findLast((s) => s.status === 'failed')?.label ?? 'The rotation stopped.');
}
