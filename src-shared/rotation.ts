// Rotating a key once, everywhere: which credentials on which tenants hold the same key (found from
// the inventory: the provider, the non-secret identity, the masked end of each secret), what a
// rotation sends, and what it reports per credential.
import { z } from 'zod';
import { variantOfCredential } from './draft-from-inventory';
import type { AgentMoveView } from './inventory-actions';
import { isMaskedValue, maskedTail, maskedValueMatches, type InventoryCredential, type TenantInventoryState } from './inventory';
import type { InventoryTenant } from './inventory-rows';
import { providerIds, providerVariant, type ProviderField, type ProviderId } from './providers/catalog';
import { isSecretField } from './providers/credential-schema';
import { profileIdSchema } from './tenant-profile';

/** The fields a rotation replaces: every secret of the type, and what rotates with it (an AWS key pair's ID). */
export function rotationFields(providerId: ProviderId): ProviderField[] {
  return providerVariant(providerId).fields.filter((f) => isSecretField(f) || f.rotatesWithSecret === true);
}

/** The non-secret fields that say which account a key belongs to, per variant (the name is not one). */
const identityKeys: Record<ProviderId, (keyof InventoryCredential['details'])[]> = {
  openai: [],
  anthropic: [],
  gemini: [],
  openai_compatible: ['base_url'],
  bedrock: ['aws_access_key_id'],
  azure_api_key: ['azure_endpoint'],
  azure_service_principal: ['azure_endpoint', 'azure_client_id'],
  vertex: ['gcp_project'],
};

const norm = (v: string | undefined) => (v ?? '').trim().replace(/\/+$/, '').toLowerCase();

export interface RotationTarget {
  tenantId: string;
  credentialId: string;
}

export interface RotationMatch extends RotationTarget {
  credentialName: string;
  providerId: ProviderId;
  /**
   * `same-key`: the identity matches and the listing's masked key ends the same; `same-identity`:
   * the identity matches and no mask can tell; `type-only`: only the provider type is the same (a
   * plain API key whose listing shows no mask), offered but not chosen.
   */
  strength: 'source' | 'same-key' | 'same-identity' | 'type-only';
  /** Why it matches, in words: "same base URL https://…", "key ends 7f3a". */
  reasons: string[];
  configs: { id: string; name: string; modelName: string | null }[];
}

/**
 * Every credential on the tenants that holds the source's key, the source first. A masked secret
 * that ends differently is another key and never a match; a different identity never is either.
 */
export function findRotationMatches(source: RotationTarget, states: readonly TenantInventoryState[], tenants: readonly InventoryTenant[]): RotationMatch[] {
  const sourceInventory = states.find((s) => s.tenantId === source.tenantId)?.inventory;
  const sourceCredential = sourceInventory?.credentials.find((c) => c.id === source.credentialId);
  if (!sourceInventory || !sourceCredential) return [];
  const providerOf = (inv: NonNullable<TenantInventoryState['inventory']>, c: InventoryCredential) =>
    variantOfCredential(
      c,
      inv.configs.filter((x) => x.credentialId === c.id).map((x) => x.provider),
    );
  const providerId = providerOf(sourceInventory, sourceCredential);
  const keys = identityKeys[providerId];
  const configsOf = (inv: NonNullable<TenantInventoryState['inventory']>, id: string) =>
    inv.configs.filter((c) => c.credentialId === id && !c.builtIn).map((c) => ({ id: c.id, name: c.name, modelName: c.modelName }));

  const matches: RotationMatch[] = [];
  for (const tenant of tenants) {
    const inv = states.find((s) => s.tenantId === tenant.id)?.inventory;
    if (!inv) continue;
    for (const c of inv.credentials) {
      const isSource = tenant.id === source.tenantId && c.id === source.credentialId;
      if (!isSource && providerOf(inv, c) !== providerId) continue;
      const reasons: string[] = [];
      let identityOk = true;
      for (const key of keys) {
        const mine = sourceCredential.details[key] ?? sourceCredential.masked[key];
        const theirs = c.details[key] ?? c.masked[key];
        const same = mine !== undefined && theirs !== undefined && sameValue(mine, theirs);
        if (!same) identityOk = false;
        else reasons.push(`same ${labelOf(providerId, key)} ${theirs}`);
      }
      // The source is always its own match, even where its listing shows no identity to compare.
      if (!identityOk && !isSource) continue;
      // Where both listings mask a secret, its visible end must be the same: else it is another key.
      let maskCompared = false;
      let maskDiffers = false;
      for (const [field, shown] of Object.entries(sourceCredential.masked)) {
        if ((keys as string[]).includes(field)) continue;
        const theirs = c.masked[field];
        if (!theirs || !maskedTail(shown) || !maskedTail(theirs)) continue;
        maskCompared = true;
        if (maskedTail(shown) !== maskedTail(theirs)) maskDiffers = true;
        else reasons.push(`${labelOf(providerId, field)} ends ${maskedTail(theirs)}`);
      }
      if (maskDiffers && !isSource) continue;
      const strength: RotationMatch['strength'] = isSource ? 'source' : maskCompared ? 'same-key' : keys.length ? 'same-identity' : 'type-only';
      if (strength === 'type-only') reasons.push(`same provider (${providerVariant(providerId).label}); the listing shows no part of the key to compare`);
      matches.push({ tenantId: tenant.id, credentialId: c.id, credentialName: c.name, providerId, strength, reasons, configs: configsOf(inv, c.id) });
    }
  }
  const order = { source: 0, 'same-key': 1, 'same-identity': 2, 'type-only': 3 };
  return matches.sort((a, b) => order[a.strength] - order[b.strength]);
}

/** Two listed values are the same: equal, or where one is masked (`****WXYZ`), the same at the end. */
function sameValue(a: string, b: string): boolean {
  if (isMaskedValue(a) && isMaskedValue(b)) return maskedTail(a) === maskedTail(b);
  if (isMaskedValue(a)) return maskedValueMatches(a, b);
  if (isMaskedValue(b)) return maskedValueMatches(b, a);
  return norm(a) === norm(b);
}

function labelOf(providerId: ProviderId, key: string): string {
  return providerVariant(providerId).fields.find((f) => f.key === key)?.label ?? key;
}

const targetSchema = z.strictObject({ tenantId: profileIdSchema, credentialId: z.string().min(1).max(200) });

export const startRotationInputSchema = z.strictObject({
  providerId: z.enum(providerIds),
  /** The new values of the rotation fields, by request field name (checked against the catalog in main). */
  values: z.record(z.string().max(64), z.string().max(64 * 1024)),
  targets: z.array(targetSchema).min(1, 'choose at least one credential to rotate').max(500),
  /** The new key's expiry; null clears it; absent keeps what each credential had. */
  expiresAt: z.iso.datetime().nullable().optional(),
  /** A production tenant's name, typed. */
  confirmations: z.record(z.string(), z.string().max(200)),
  /** For tenants without PATCH: replace the credential by a successor and move its configs. */
  fallback: z.boolean(),
});
export type StartRotationInput = z.input<typeof startRotationInputSchema>;

export interface RotationStepReport {
  label: string;
  status: 'done' | 'failed' | 'skipped';
  message?: string;
}

/** One credential's rotation (the job's per-tenant result carries one per credential of that tenant). */
export interface CredentialRotationReport extends RotationTarget {
  credentialName: string;
  /**
   * `rotated`: patched and valid. `rejected`: the provider refuses the new key (after a PATCH
   * the old one is gone from the tenant, see `oldSecretGone`; a fallback's refused successor is
   * taken back). `no-patch`: the tenant cannot update in place (404/405): nothing
   * changed; the fallback is offered. `replaced`: the fallback made a successor and moved the configs.
   * `unverified`: patched, but the check after could not run (the tenant did not answer, or the
   * job was cancelled): the new key is in place, whether it works is not known.
   * `failed`: something else stopped it (see the steps).
   */
  outcome: 'rotated' | 'rejected' | 'unverified' | 'no-patch' | 'replaced' | 'failed';
  steps: RotationStepReport[];
  /** Models its configs use that the provider does not list (after the new key). */
  modelsNotListed: string[];
  /** The old secret is no longer on the tenant: said plainly when the new one fails. */
  oldSecretGone: boolean;
  advice?: { cause: string; solution: string } | null;
  /** The fallback's successor credential. */
  successorId?: string;
  /** Configs that kept their temporary names (the tenant cannot rename). */
  temporaryNames?: string[];
  /**
   * The fallback's agents on the new configs: each moved from an old config to its twin (after a
   * take-back, only those that could not be moved back).
   */
  agentsMoved?: AgentMoveView[];
  leftOnTenant: string[];
}
