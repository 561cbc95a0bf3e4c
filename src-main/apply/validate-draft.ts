// An apply validates the credential before any config is made on it: by listing (no billed call),
// each model the draft names and the listing lacks checked by name, or model by model where the
// provider cannot list. A refusal stops the tenant with the provider's advice in its report.
import type { DraftContent } from '../../src-shared/drafts';
import { AppError } from '../../src-shared/errors';
import { plural } from '../../src-shared/plural';
import { adviceFor } from '../../src-shared/providers/advice';
import { providerVariant } from '../../src-shared/providers/catalog';
import type { AlationClient } from '../alation/client';
import { validationOutcome } from '../audit/audit-log';
import type { TenantOperation } from '../tenant-ops';

export async function validateDraftCredential(
  client: AlationClient,
  v: { draft: DraftContent; credentialId: string; signal: AbortSignal; tenant: TenantOperation },
): Promise<void> {
  const { draft, credentialId, signal, tenant } = v;
  const variant = providerVariant(draft.providerId);
  const objects = [{ kind: 'credential' as const, id: credentialId, name: draft.values.name ?? '' }];
  const refuse = (message: string, status?: number) => {
    tenant.report.advice = adviceFor(variant, { message, ...(status !== undefined ? { status } : {}) });
    const providerStatus = status !== undefined ? { providerStatus: status } : {};
    tenant.audit({
      action: 'credential.validate',
      objects,
      ...validationOutcome({ valid: false, models: [], error: message, ...providerStatus }),
    });
    tenant.record({ step: 'validate', label: 'The provider refused the credential', status: 'failed', message });
    return new AppError('validation', `The provider refused the credential: ${message}`);
  };
  const byName = (modelName: string, isEmbedding: boolean) =>
    client.validateModel(credentialId, { provider: variant.validateProvider, modelName, isEmbedding }, { signal });
  const listing = await client.validateCredential(credentialId, { provider: variant.validateProvider }, { signal });
  if (listing.valid === false) throw refuse(listing.error ?? 'The provider refused the credential.', listing.providerStatus);
  if (listing.valid === true) {
    // A model ID typed offline that the listing lacks (a typo, an inference profile a listing leaves
    // out) is checked by name before a config is made on it.
    const listed = new Set(listing.models);
    for (const m of draft.models.filter((x) => !listed.has(x.modelId))) {
      const check = await byName(m.modelId, m.isEmbedding);
      if (check.valid !== true)
        throw refuse(
          `${m.modelId} is not a model this provider serves: ${check.error ?? 'not listed, and refused by name'}`,
          check.providerStatus,
        );
    }
    tenant.audit({ action: 'credential.validate', objects, outcome: 'ok', message: `${listing.models.length} models listed` });
    tenant.record({ step: 'validate', label: `Validated: the provider lists ${plural(listing.models.length, 'model')}`, status: 'done' });
    return;
  }
  // The provider cannot list: each model is checked by name (a minimal call each).
  for (const m of draft.models) {
    const check = await byName(m.modelId, m.isEmbedding);
    if (check.valid === false) throw refuse(`${m.modelId}: ${check.error ?? 'model not found'}`, check.providerStatus);
  }
  tenant.audit({ action: 'credential.validate', objects, outcome: 'ok', message: `${draft.models.length} models checked one by one` });
  tenant.record({ step: 'validate', label: 'Validated model by model (the provider does not list)', status: 'done' });
}
