// Rotating a key on every tenant that holds it, as one job. In place where the tenant can: PATCH
// the credential with the new secret fields only, validate it again, check its configs' models
// are still listed, report. Where a tenant has no PATCH (404 or 405), the documented fallback,
// when asked for: a successor credential, its configs recreated on it, the defaults and feature
// overrides moved, the old configs deleted, the new ones renamed back, the old credential deleted.
// Every change is audited; the new key's expiry follows the credential.
import type { AuditEntryInput } from '../../src-shared/audit';
import { AppError, errorShapeOf, isAppErrorShape } from '../../src-shared/errors';
import type { InventoryConfig, TenantInventory } from '../../src-shared/inventory';
import { adviceFor } from '../../src-shared/providers/advice';
import { providerVariant, type ProviderId } from '../../src-shared/providers/catalog';
import { credentialPayload, credentialValuesSchema, isSecretField } from '../../src-shared/providers/credential-schema';
import { rotationFields, type CredentialRotationReport, type RotationTarget, type StartRotationInput } from '../../src-shared/rotation';
import { validationError } from '../../src-shared/validation';
import type { AlationClient } from '../alation/client';
import { mayHaveReachedTenant } from '../alation/errors';
import { createCredentialSafely, createLlmConfigSafely, findLandedCredential, llmConfigBody, type UnconfirmedCredential } from '../alation/safe-writes';
import { auditFailure, validationOutcome } from '../audit/audit-log';
import { checkCredential } from '../inventory/inventory-service';
import { readTenantInventory } from '../inventory/read-inventory';
import { forEachTenant, type JobRunner } from '../jobs/job-runner';
import { SecretScope, type Logger, type SecretRedactor } from '../log/logger';
import type { TenantClients } from '../profiles/tenant-clients';
import type { TenantProfiles } from '../profiles/tenant-profiles';
import { requireProductionNames } from '../profiles/production-names';
import { plural } from '../../src-shared/plural';

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

type Audit = (entry: Omit<AuditEntryInput, 'tenantId' | 'source' | 'jobId'>) => unknown;

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
    return this.deps.jobs.start({
      kind: 'rotation',
      title: `${input.fallback ? 'Replace' : 'Rotate'} ${variant.label} key on ${plural(count, 'credential')}`,
      tenantIds,
      run: async (ctx) => {
        try {
          await forEachTenant(ctx, tenantIds, async (tenant) => {
            const targets = input.targets.filter((t) => t.tenantId === tenant.tenantId);
            const audit: Audit = (entry) => this.deps.audit.record({ ...entry, tenantId: tenant.tenantId, source: 'rotation', jobId: ctx.jobId });
            tenant.running('Reading the tenant', targets.length * (input.fallback ? 7 : 3));
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
                const one = input.fallback ? await this.replace(run) : await this.rotateInPlace(run);
                out.push(one);
                tenant.step(out.length * (input.fallback ? 7 : 3), `${one.credentialName}: ${one.outcome}`);
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
      await this.validateAfter(client, inventory, credential.id, input.providerId, report, audit, signal);
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

  /**
   * After the new key is in place: listing mode first; model by model where the provider cannot
   * list. The provider refusing the key is a report; the tenant failing to answer is thrown, since
   * it says nothing of the key.
   */
  private async validateAfter(client: AlationClient, inventory: TenantInventory, credentialId: string, providerId: ProviderId, report: CredentialRotationReport, audit: Audit, signal: AbortSignal): Promise<void> {
    const credential = inventory.credentials.find((c) => c.id === credentialId) ?? { id: credentialId, name: report.credentialName };
    const health = await checkCredential(client, inventory, credentialId, signal, { rethrow: true });
    const objects = [{ kind: 'credential' as const, id: credentialId, name: credential.name }];
    if (health.status === 'ok') {
      audit({ action: 'credential.validate', objects, outcome: 'ok', message: `Valid: the provider lists ${health.modelCount ?? 0} models` });
      report.modelsNotListed = health.missingModels;
      report.steps.push({ label: `Validated: the provider lists ${health.modelCount ?? 0} models`, status: 'done' });
      report.steps.push(
        health.missingModels.length
          ? { label: `Not listed any more: ${health.missingModels.join(', ')}`, status: 'failed', message: 'Configs on these models will fail: pick other models or check the provider account.' }
          : { label: 'Every config’s model is listed', status: 'done' },
      );
      report.outcome = report.successorId ? 'replaced' : 'rotated';
      return;
    }
    if (health.status === 'unlisted') {
      // The provider cannot list: each config's model is checked by name.
      const variant = providerVariant(providerId);
      const configs = inventory.configs.filter((c) => c.credentialId === credentialId && c.modelName);
      for (const c of configs) {
        const check = await client.validateModel(credentialId, { provider: variant.validateProvider, modelName: c.modelName!, isEmbedding: c.isEmbedding }, { signal });
        if (check.valid !== true) report.modelsNotListed.push(c.modelName!);
      }
      audit({ action: 'credential.validate', objects, ...validationOutcome({ valid: null, models: [], error: null }) });
      report.steps.push({ label: `Validated model by model (the provider does not list)${report.modelsNotListed.length ? `; refused: ${report.modelsNotListed.join(', ')}` : ''}`, status: report.modelsNotListed.length ? 'failed' : 'done' });
      report.outcome = report.successorId ? 'replaced' : 'rotated';
      return;
    }
    audit({ action: 'credential.validate', objects, outcome: 'failed', errorCode: health.status, ...(health.message ? { message: health.message } : {}) });
    report.outcome = 'rejected';
    report.advice = health.advice ?? adviceFor(providerVariant(providerId), { message: health.message ?? '' });
    report.steps.push({ label: 'The provider refuses the new key', status: 'failed', message: health.message ?? undefined });
  }

  /**
   * The documented fallback for a tenant without PATCH. Until the old configs are deleted, a
   * failure takes back what was made (the defaults and overrides moved back first); after, it stops
   * and says plainly what is where.
   */
  private async replace(one: OneRotation): Promise<CredentialRotationReport> {
    const { client, inventory, target, input, values, audit, signal } = one;
    const { credential: old, report } = locate(one);
    if (!old) return report;
    const variant = providerVariant(input.providerId);
    const oldConfigs = inventory.configs.filter((c) => c.credentialId === old.id && !c.builtIn);
    const made: { credentialId: string | null; unconfirmed?: UnconfirmedCredential; configs: { old: InventoryConfig; id: string; name: string }[] } = { credentialId: null, configs: [] };
    const moved: { defaults?: { llm: string | null; embedding: string | null; hide: boolean }; overrides: { featureType: string; featureKey: string; from: string }[] } = { overrides: [] };
    const step = (label: string) => report.steps.push({ label, status: 'done' });
    let pointOfNoReturn = false;
    try {
      // 1. The successor, with the old one's non-secret fields and the new key.
      const stamp = this.now().toISOString().slice(0, 10);
      const body = { ...credentialPayload(variant, { ...old.details, ...values, name: `${old.name} (rotated ${stamp})` }), name: `${old.name} (rotated ${stamp})`, creds_type: variant.credsType };
      const successor = await createCredentialSafely(client, body, { signal });
      made.credentialId = successor.value.id;
      report.successorId = successor.value.id;
      audit({ action: 'credential.create', objects: [{ kind: 'credential', id: successor.value.id, name: body.name }], outcome: successor.adopted ? 'adopted' : 'ok', message: `Successor of “${old.name}”` });
      step(`Created the successor credential “${body.name}”`);

      // 2. Validate it before anything moves.
      const withSuccessor: TenantInventory = { ...inventory, credentials: [...inventory.credentials, { ...old, id: successor.value.id, name: body.name, masked: {} }], configs: [...inventory.configs, ...oldConfigs.map((c) => ({ ...c, credentialId: successor.value.id }))] };
      await this.validateAfter(client, withSuccessor, successor.value.id, input.providerId, report, audit, signal);
      if (report.outcome === 'rejected') throw new AppError('validation', 'The provider refuses the new key: nothing was moved.');
      report.outcome = 'failed';

      // 3. Each config again on the successor, under a temporary name.
      for (const c of oldConfigs) {
        const temp = `${c.name} (new)`;
        const configBody = llmConfigBody({ name: temp, provider: c.provider, credentialId: successor.value.id, modelName: c.modelName ?? '', isEmbedding: c.isEmbedding, dimensions: c.dimensions, extraConfig: c.extraConfig as never });
        // The successor is new: it holds no config but those this loop makes, each its own name, so
        // there is no twin to list for first (a lost answer is still looked for).
        const created = await createLlmConfigSafely(client, configBody, { signal, existing: [] });
        made.configs.push({ old: c, id: created.value.id, name: temp });
        audit({ action: 'config.create', objects: [{ kind: 'config', id: created.value.id, name: temp }], outcome: created.adopted ? 'adopted' : 'ok', message: `Replaces “${c.name}”` });
      }
      step(`Recreated ${plural(made.configs.length, 'config')} on it, under temporary names`);

      // 4. The tenant's defaults and feature overrides go to the new configs.
      const newIdOf = new Map(made.configs.map((m) => [m.old.id, m.id]));
      const pref = inventory.preference;
      if ((pref.defaultLlmConfigId && newIdOf.has(pref.defaultLlmConfigId)) || (pref.defaultEmbeddingConfigId && newIdOf.has(pref.defaultEmbeddingConfigId))) {
        moved.defaults = { llm: pref.defaultLlmConfigId, embedding: pref.defaultEmbeddingConfigId, hide: pref.hideDefaultModels };
        await client.putLlmPreference(
          {
            default_llm_config_id: pref.defaultLlmConfigId ? (newIdOf.get(pref.defaultLlmConfigId) ?? pref.defaultLlmConfigId) : null,
            default_embedding_config_id: pref.defaultEmbeddingConfigId ? (newIdOf.get(pref.defaultEmbeddingConfigId) ?? pref.defaultEmbeddingConfigId) : null,
            hide_default_models: pref.hideDefaultModels,
          },
          { signal },
        );
        audit({ action: 'preference.set', objects: [{ kind: 'preference', id: null, name: 'defaults moved to the successor’s configs' }], outcome: 'ok' });
      }
      for (const o of inventory.overrides.filter((x) => newIdOf.has(x.configId))) {
        await client.putFeatureOverride({ feature_type: o.featureType as never, feature_key: o.featureKey, llm_config_id: newIdOf.get(o.configId)! }, { signal });
        moved.overrides.push({ featureType: o.featureType, featureKey: o.featureKey, from: o.configId });
        audit({ action: 'override.set', objects: [{ kind: 'override', id: null, name: `${o.featureType}/${o.featureKey}` }], outcome: 'ok', message: 'Moved to the successor’s config' });
      }
      step(`Moved ${moved.defaults ? 'the defaults and ' : ''}${plural(moved.overrides.length, 'feature override')} to the new configs`);

      // 5. The old configs go: from here there is no going back.
      pointOfNoReturn = true;
      for (const m of made.configs) {
        await client.deleteLlmConfig(m.old.id, { signal });
        audit({ action: 'config.delete', objects: [{ kind: 'config', id: m.old.id, name: m.old.name }], outcome: 'ok', message: 'Replaced by the successor’s config' });
      }
      step(`Deleted the ${plural(made.configs.length, 'old config')}`);

      // 6. The new configs take their old names back, where the tenant can rename.
      const kept: string[] = [];
      for (const m of made.configs) {
        try {
          await client.patchLlmConfig(m.id, { name: m.old.name }, { signal });
          audit({ action: 'config.update', objects: [{ kind: 'config', id: m.id, name: m.old.name }], outcome: 'ok', message: `Renamed from “${m.name}”` });
        } catch (error) {
          const code = errorShapeOf(error).code;
          if (code !== 'unsupported' && code !== 'not_found' && code !== 'validation') throw error;
          audit({ action: 'config.update', objects: [{ kind: 'config', id: m.id, name: m.name }], ...auditFailure(error) });
          kept.push(m.name);
        }
      }
      if (kept.length) report.temporaryNames = kept;
      report.steps.push(kept.length ? { label: `The tenant cannot rename configs: ${kept.join(', ')} keep their temporary names`, status: 'skipped' } : { label: 'Gave the new configs their old names', status: 'done' });

      // 7. The old credential goes.
      await client.deleteCredential(old.id, { signal });
      audit({ action: 'credential.delete', objects: [{ kind: 'credential', id: old.id, name: old.name }], outcome: 'ok', message: 'Replaced by its successor' });
      step(`Deleted the old credential “${old.name}”`);
      this.deps.expiries?.move(target, { tenantId: target.tenantId, credentialId: successor.value.id, credentialName: body.name });
      this.recordExpiry(input, { tenantId: target.tenantId, credentialId: successor.value.id }, body.name);
      report.outcome = 'replaced';
      return report;
    } catch (error) {
      const message = errorShapeOf(error).message;
      // A successor whose create's answer was lost, and not found after: the undo looks for it again.
      const unconfirmed = error instanceof AppError ? (error.details?.unconfirmed as UnconfirmedCredential | undefined) : undefined;
      if (unconfirmed && !made.credentialId) made.unconfirmed = unconfirmed;
      if (report.outcome !== 'rejected') report.outcome = 'failed';
      report.steps.push({ label: pointOfNoReturn ? 'Stopped after the old configs started to go' : 'Stopped: what was made is taken back', status: 'failed', message });
      if (pointOfNoReturn) {
        report.leftOnTenant.push(`the successor credential and its configs (${made.configs.map((m) => m.name).join(', ')}), with the defaults and overrides on them; some old configs, and the old credential “${old.name}”. Finish by hand, or retry.`);
      } else {
        await this.undoReplace(client, { made, moved, old }, audit, report);
      }
      return report;
    }
  }

  /** Before the point of no return: overrides and defaults back, then the new configs and the successor go. */
  private async undoReplace(
    client: AlationClient,
    r: { made: { credentialId: string | null; unconfirmed?: UnconfirmedCredential; configs: { id: string; name: string }[] }; moved: { defaults?: { llm: string | null; embedding: string | null; hide: boolean }; overrides: { featureType: string; featureKey: string; from: string }[] }; old: { name: string } },
    audit: Audit,
    report: CredentialRotationReport,
  ): Promise<void> {
    const attempt = async (what: string, work: () => Promise<unknown>) => {
      try {
        await work();
      } catch (error) {
        if (!(isAppErrorShape(error) && error.code === 'not_found')) report.leftOnTenant.push(`${what} (${errorShapeOf(error).message})`);
      }
    };
    for (const o of r.moved.overrides) {
      await attempt(`override ${o.featureType}/${o.featureKey}`, async () => {
        await client.putFeatureOverride({ feature_type: o.featureType as never, feature_key: o.featureKey, llm_config_id: o.from });
        audit({ action: 'override.set', objects: [{ kind: 'override', id: null, name: `${o.featureType}/${o.featureKey}` }], outcome: 'ok', message: 'Moved back to the old config: the replacement stopped' });
      });
    }
    if (r.moved.defaults) {
      const d = r.moved.defaults;
      await attempt('the defaults', async () => {
        await client.putLlmPreference({ default_llm_config_id: d.llm, default_embedding_config_id: d.embedding, hide_default_models: d.hide });
        audit({ action: 'preference.set', objects: [{ kind: 'preference', id: null, name: 'defaults moved back to the old configs' }], outcome: 'ok', message: 'Taken back: the replacement stopped' });
      });
    }
    for (const c of [...r.made.configs].reverse()) {
      await attempt(`config “${c.name}”`, async () => {
        await client.deleteLlmConfig(c.id);
        audit({ action: 'config.delete', objects: [{ kind: 'config', id: c.id, name: c.name }], outcome: 'ok', message: 'Taken back: the replacement stopped' });
      });
    }
    if (!r.made.credentialId && r.made.unconfirmed) {
      const unconfirmed = r.made.unconfirmed;
      await attempt(`perhaps a successor credential “${unconfirmed.fingerprint.name}” (its create's answer was lost): look for it on the tenant`, async () => {
        const landed = await findLandedCredential(client, unconfirmed);
        if (landed) r.made.credentialId = landed.id;
      });
    }
    if (r.made.credentialId) {
      const id = r.made.credentialId;
      await attempt('the successor credential', async () => {
        await client.deleteCredential(id);
        audit({ action: 'credential.delete', objects: [{ kind: 'credential', id, name: null }], outcome: 'ok', message: 'Taken back: the replacement stopped' });
      });
    }
    report.successorId = undefined;
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


/** One credential's rotation: the tenant's client, its inventory as just read, what to do. */
interface OneRotation {
  client: AlationClient;
  inventory: TenantInventory;
  target: RotationTarget;
  input: StartRotationInput;
  values: Record<string, string>;
  audit: Audit;
  signal: AbortSignal;
}

/** The credential to rotate, as the tenant has it now, and its report; a failed report when it is gone. */
function locate({ inventory, target }: OneRotation) {
  const credential = inventory.credentials.find((c) => c.id === target.credentialId);
  const report = baseReport(target, credential?.name ?? target.credentialId);
  if (!credential) fail(report, 'The credential is no longer on the tenant: refresh the inventory and choose again.');
  return { credential, report };
}

function baseReport(target: RotationTarget, credentialName: string): CredentialRotationReport {
  return { ...target, credentialName, outcome: 'failed', steps: [], modelsNotListed: [], oldSecretGone: false, leftOnTenant: [] };
}

function fail(report: CredentialRotationReport, message: string): CredentialRotationReport {
  report.outcome = 'failed';
  report.steps.push({ label: message, status: 'failed' });
  return report;
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
