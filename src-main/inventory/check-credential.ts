// Checking one credential in listing mode (no `model_name`, so no billed inference call), and what
// its verdict says in the audit log. The health sweep and the rotation both use it.
import type { AuditEntryInput } from '../../src-shared/audit';
import { errorShapeOf } from '../../src-shared/errors';
import type { CredentialHealth, TenantInventory } from '../../src-shared/inventory';
import { adviceFor } from '../../src-shared/providers/advice';
import { providerVariant, validateProviderFor, type ProviderId } from '../../src-shared/providers/catalog';
import type { AlationClient } from '../alation/client';

/** A sweep's verdict on one credential: a key rejected, forbidden or failing is `failed`, with the verdict as its code. */
export function sweepOutcome(health: CredentialHealth): Pick<AuditEntryInput, 'outcome' | 'errorCode' | 'message'> {
  if (health.status === 'ok') {
    const missing = health.missingModels.length ? `; no longer listed: ${health.missingModels.join(', ')}` : '';
    return { outcome: 'ok', message: `OK: ${health.modelCount ?? 0} models listed${missing}` };
  }
  if (health.status === 'unlisted') return { outcome: 'ok', message: health.message ?? 'The provider does not list its models.' };
  return { outcome: 'failed', errorCode: health.status, ...(health.message ? { message: health.message } : {}) };
}

/** The variant whose advice fits a credential of this creds type. */
function adviceVariant(credsType: string, provider: string): ProviderId {
  if (credsType === 'AWS') return 'bedrock';
  if (credsType === 'AZURE') return 'azure_api_key';
  if (credsType === 'GCP') return 'gemini';
  return provider === 'anthropic' ? 'anthropic' : 'openai';
}

/** Validates one credential in listing mode (no billed call) and classifies the answer: the sweep and the rotation both use it. */
export async function checkCredential(
  client: AlationClient,
  inventory: Pick<TenantInventory, 'credentials' | 'configs'>,
  credentialId: string,
  signal: AbortSignal,
  /**
   * `rethrow`: a tenant that fails to answer is thrown, not reported as an error of the key
   * (a rotation must not call a good key refused).
   */
  options: { rethrow?: boolean } = {},
): Promise<CredentialHealth> {
  const credential = inventory.credentials.find((c) => c.id === credentialId)!;
  const configs = inventory.configs.filter((c) => c.credentialId === credentialId);
  const fromConfig = configs.map((c) => validateProviderFor(credential.credsType, c.provider)).find((p) => p !== undefined);
  const guessed = validateProviderFor(credential.credsType, undefined);
  // An unused API key says nothing of its provider; OpenAI (or Anthropic by name) is assumed and said so.
  const assumed = fromConfig === undefined && guessed === undefined;
  const provider = fromConfig ?? guessed ?? (/anthropic|claude/i.test(credential.name) ? 'anthropic' : 'openai');
  const variant = providerVariant(adviceVariant(credential.credsType, provider));
  const base = {
    credentialId,
    provider,
    providerAssumed: assumed,
    missingModels: [] as string[],
    listedModels: [] as string[],
    modelCount: null,
  };
  try {
    const result = await client.validateCredential(credentialId, { provider }, { signal });
    if (result.valid === true) {
      const listed = new Set(result.models);
      const missing = [...new Set(configs.map((c) => c.modelName).filter((m): m is string => m !== null && !listed.has(m)))];
      return {
        ...base,
        status: 'ok',
        modelCount: result.models.length,
        missingModels: missing,
        listedModels: result.models.slice(0, 2000),
        message: null,
        advice: null,
      };
    }
    if (result.valid === null) {
      return {
        ...base,
        status: 'unlisted',
        message: result.error ?? 'The provider does not list its models.',
        advice: {
          cause: 'The provider does not support model listing',
          solution: 'Validate a specific model with its model_name (Setup, manual entry).',
        },
      };
    }
    const status = result.providerStatus === 401 ? 'rejected' : result.providerStatus === 403 ? 'forbidden' : 'error';
    const message = result.error ?? 'The provider refused the credential.';
    return {
      ...base,
      status,
      message,
      advice: adviceFor(variant, { message, ...(result.providerStatus ? { status: result.providerStatus } : {}) }),
    };
  } catch (error) {
    if (signal.aborted || options.rethrow) throw error;
    const shape = errorShapeOf(error);
    return { ...base, status: 'error', message: shape.message, advice: null };
  }
}
