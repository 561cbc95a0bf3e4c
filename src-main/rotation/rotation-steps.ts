// The steps every rotation shares: the credential as the tenant has it now, its report, and the
// check after a new key is in place (listing mode; model by model where the provider cannot list).
import type { AuditEntryInput } from '../../src-shared/audit';
import type { TenantInventory } from '../../src-shared/inventory';
import { adviceFor } from '../../src-shared/providers/advice';
import { providerVariant, type ProviderId } from '../../src-shared/providers/catalog';
import type { CredentialRotationReport, RotationTarget, StartRotationInput } from '../../src-shared/rotation';
import type { AlationClient } from '../alation/client';
import { validationOutcome } from '../audit/audit-log';
import { checkCredential } from '../inventory/check-credential';

/** An audit entry of this rotation's tenant and job: those the caller adds. */
export type Audit = (entry: Omit<AuditEntryInput, 'tenantId' | 'source' | 'jobId'>) => unknown;

/** One credential's rotation: the tenant's client, its inventory as just read, what to do. */
export interface OneRotation {
  client: AlationClient;
  inventory: TenantInventory;
  target: RotationTarget;
  input: StartRotationInput;
  values: Record<string, string>;
  audit: Audit;
  signal: AbortSignal;
}

/** The credential to rotate, as the tenant has it now, and its report; a failed report when it is gone. */
export function locate({ inventory, target }: OneRotation) {
  const credential = inventory.credentials.find((c) => c.id === target.credentialId);
  const report = baseReport(target, credential?.name ?? target.credentialId);
  if (!credential) fail(report, 'The credential is no longer on the tenant: refresh the inventory and choose again.');
  return { credential, report };
}

export function baseReport(target: RotationTarget, credentialName: string): CredentialRotationReport {
  return { ...target, credentialName, outcome: 'failed', steps: [], modelsNotListed: [], oldSecretGone: false, leftOnTenant: [] };
}

export function fail(report: CredentialRotationReport, message: string): CredentialRotationReport {
  report.outcome = 'failed';
  report.steps.push({ label: message, status: 'failed' });
  return report;
}

/**
 * After the new key is in place: listing mode first; model by model where the provider cannot
 * list. The provider refusing the key is a report; the tenant failing to answer is thrown, since
 * it says nothing of the key.
 */
export async function validateAfter(client: AlationClient, inventory: TenantInventory, credentialId: string, providerId: ProviderId, report: CredentialRotationReport, audit: Audit, signal: AbortSignal): Promise<void> {
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
