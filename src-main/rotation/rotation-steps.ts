// The steps every rotation shares: the credential as the tenant lists it now, checked to still hold
// the key the page chose (defect 2.9: the page's inventory may be stale), and the check after a new
// key is in place (listing mode; model by model where the provider cannot list). Each step goes in
// the tenant's report through the operation (`record`), each verdict in the audit log.
import { AppError, type ErrorCode } from '../../src-shared/errors';
import type { TenantInventory } from '../../src-shared/inventory';
import { adviceFor } from '../../src-shared/providers/advice';
import { providerVariant, type ProviderId } from '../../src-shared/providers/catalog';
import { targetMismatch, type RotationOutcome, type RotationTargetInput } from '../../src-shared/rotation';
import type { OperationTarget } from '../../src-shared/tenant-operation';
import type { AlationClient } from '../alation/client';
import { validationOutcome } from '../audit/audit-log';
import { checkCredential } from '../inventory/check-credential';
import type { TenantOperation } from '../tenant-ops';

/** One credential's rotation: the tenant's writer and client, its inventory as just read, what to do. */
export interface OneRotation {
  tenant: TenantOperation;
  client: AlationClient;
  inventory: TenantInventory;
  target: RotationTargetInput;
  providerId: ProviderId;
  /** The new values of the rotation fields; absent on a resume (BYOM Desk does not keep a new key). */
  values?: Record<string, string>;
  signal: AbortSignal;
}

/** How one credential's rotation ended: its line in the report's `targets`. */
export function targetResult(id: string, name: string, outcome: RotationOutcome, message?: string, code?: ErrorCode): OperationTarget {
  return { kind: 'credential', id, name, outcome, ...(message ? { message } : {}), ...(code ? { code } : {}) };
}

/**
 * The credential to rotate, as the tenant lists it now, when it still holds the key the page chose
 * (provider, creds type, identity, the visible end of each masked secret); else why it is skipped.
 */
export function locate({ inventory, target, providerId }: Pick<OneRotation, 'inventory' | 'target' | 'providerId'>) {
  const credential = inventory.credentials.find((c) => c.id === target.credentialId);
  if (!credential) {
    const gone = 'It is no longer on the tenant: refresh the inventory and choose again.';
    return { credential: undefined, skipped: targetResult(target.credentialId, target.credentialId, 'skipped', gone) } as const;
  }
  const providers = inventory.configs.filter((c) => c.credentialId === credential.id).map((c) => c.provider);
  const why = targetMismatch(providerId, target.key, credential, providers);
  if (why === null) return { credential, skipped: undefined } as const;
  const message = `Not this key any more (${why}): nothing was changed. Refresh the inventory and choose again.`;
  return { credential: undefined, skipped: targetResult(credential.id, credential.name, 'skipped', message) } as const;
}

/**
 * After the new key is in place: listing mode first; model by model where the provider cannot
 * list. The provider refusing the key is `rejected` (its advice on the report); the tenant failing
 * to answer is thrown, since it says nothing of the key. Answers the models no longer listed too.
 */
export async function validateAfter(
  one: Pick<OneRotation, 'tenant' | 'client' | 'inventory' | 'providerId' | 'signal'>,
  credential: { id: string; name: string },
): Promise<{ verdict: 'valid' | 'rejected'; modelsNotListed: string[] }> {
  const { tenant, client, inventory, providerId, signal } = one;
  const health = await checkCredential(client, inventory, credential.id, signal, { rethrow: true });
  const objects = [{ kind: 'credential' as const, id: credential.id, name: credential.name }];
  if (health.status === 'ok') {
    tenant.audit({
      action: 'credential.validate',
      objects,
      outcome: 'ok',
      message: `Valid: the provider lists ${health.modelCount ?? 0} models`,
    });
    tenant.record({
      step: 'validate',
      label: `Validated: the provider lists ${health.modelCount ?? 0} models`,
      status: 'done',
      objectId: credential.id,
    });
    const missing = health.missingModels;
    const models = 'Configs on these models will fail: pick other models or check the provider account.';
    tenant.record(
      missing.length
        ? { step: 'models', label: `Not listed any more: ${missing.join(', ')}`, status: 'failed', message: models }
        : { step: 'models', label: 'Every config’s model is listed', status: 'done' },
    );
    return { verdict: 'valid', modelsNotListed: missing };
  }
  if (health.status === 'unlisted') {
    // The provider cannot list: each config's model is checked by name.
    const variant = providerVariant(providerId);
    const refused: string[] = [];
    for (const c of inventory.configs.filter((x) => x.credentialId === credential.id && x.modelName)) {
      const check = await client.validateModel(
        credential.id,
        { provider: variant.validateProvider, modelName: c.modelName!, isEmbedding: c.isEmbedding },
        { signal },
      );
      if (check.valid !== true) refused.push(c.modelName!);
    }
    tenant.audit({ action: 'credential.validate', objects, ...validationOutcome({ valid: null, models: [], error: null }) });
    const label = `Validated model by model (the provider does not list)${refused.length ? `; refused: ${refused.join(', ')}` : ''}`;
    tenant.record({ step: 'validate', label, status: refused.length ? 'failed' : 'done', objectId: credential.id });
    return { verdict: 'valid', modelsNotListed: refused };
  }
  tenant.audit({
    action: 'credential.validate',
    objects,
    outcome: 'failed',
    errorCode: health.status,
    ...(health.message ? { message: health.message } : {}),
  });
  tenant.report.advice = health.advice ?? adviceFor(providerVariant(providerId), { message: health.message ?? '' });
  tenant.record({
    step: 'validate',
    label: 'The provider refuses the new key',
    status: 'failed',
    ...(health.message ? { message: health.message } : {}),
    objectId: credential.id,
  });
  return { verdict: 'rejected', modelsNotListed: [] };
}

/** A DELETE of something a run means to remove: not found is what was asked for. */
export async function goneIsFine(work: () => Promise<unknown>): Promise<'done' | 'gone'> {
  try {
    await work();
    return 'done';
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') return 'gone';
    throw error;
  }
}
