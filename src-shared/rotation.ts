// Rotating a key once, everywhere: which credentials on which tenants hold the same key (found from
// the inventory: the provider, the non-secret identity, the masked end of each secret), what a
// rotation sends, and the words its report (the report every operation makes) says per credential.
import { z } from 'zod';
import { variantOfCredential } from './draft-from-inventory';
import {
  credentialDetailKeys,
  isMaskedValue,
  maskedTail,
  maskedValueMatches,
  type InventoryCredential,
  type TenantInventoryState,
} from './inventory';
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

const norm = (v: string) => v.trim().replace(/\/+$/, '').toLowerCase();

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
  /** The key it was matched against (the source's, as listed): main checks the target still holds it. */
  key: RotationKey;
}

/**
 * A key as a listing shows it, and never more: the creds type, the non-secret details (base URL,
 * region, access key ID), and the masked secrets (`****abcd`). What the page says a target holds,
 * for main to check against the tenant's listing when the rotation runs.
 */
export const rotationKeySchema = z.strictObject({
  credsType: z.string().max(100),
  details: z.partialRecord(z.enum(credentialDetailKeys), z.string().max(2000)),
  masked: z.record(z.string().max(64), z.string().max(40).refine(isMaskedValue, 'only a masked value (****abcd)')),
});
export type RotationKey = z.infer<typeof rotationKeySchema>;

export const keyOf = (c: Pick<InventoryCredential, 'credsType' | 'details' | 'masked'>): RotationKey => ({
  credsType: c.credsType,
  details: { ...c.details },
  masked: { ...c.masked },
});

/** How a listed credential compares with a key: the same key (how sure, and why), or another one (why). */
export type KeyComparison =
  { same: true; strength: Exclude<RotationMatch['strength'], 'source'>; reasons: string[] } | { same: false; why: string };

/**
 * The rotation matching rule: the same non-secret identity (base URL, AWS access key ID, Azure
 * endpoint and client ID, GCP project) and, where both listings mask a secret, the same visible end.
 */
export function compareKey(providerId: ProviderId, key: RotationKey, c: Pick<InventoryCredential, 'details' | 'masked'>): KeyComparison {
  const keys = identityKeys[providerId];
  const reasons: string[] = [];
  for (const k of keys) {
    const mine = key.details[k] ?? key.masked[k];
    const theirs = c.details[k] ?? c.masked[k];
    if (mine === undefined || theirs === undefined || !sameValue(mine, theirs)) {
      return { same: false, why: `its ${labelOf(providerId, k)} is ${theirs ?? 'not shown'} now, not ${mine ?? 'unknown'}` };
    }
    reasons.push(`same ${labelOf(providerId, k)} ${theirs}`);
  }
  let maskCompared = false;
  for (const [field, shown] of Object.entries(key.masked)) {
    if ((keys as string[]).includes(field)) continue;
    const theirs = c.masked[field];
    if (!theirs || !maskedTail(shown) || !maskedTail(theirs)) continue;
    maskCompared = true;
    if (maskedTail(shown) !== maskedTail(theirs))
      return { same: false, why: `its ${labelOf(providerId, field)} ends ${maskedTail(theirs)} now, not ${maskedTail(shown)}` };
    reasons.push(`${labelOf(providerId, field)} ends ${maskedTail(theirs)}`);
  }
  if (maskCompared) return { same: true, strength: 'same-key', reasons };
  if (keys.length) return { same: true, strength: 'same-identity', reasons };
  return {
    same: true,
    strength: 'type-only',
    reasons: [...reasons, `same provider (${providerVariant(providerId).label}); the listing shows no part of the key to compare`],
  };
}

/**
 * Main's check of one target, against the credential as the tenant lists it now: the same provider,
 * creds type, identity and visible end of each masked secret as the key the page chose. A reason
 * to skip it, or null when it still holds that key.
 */
export function targetMismatch(
  providerId: ProviderId,
  key: RotationKey,
  credential: InventoryCredential,
  configProviders: readonly string[],
): string | null {
  const listedAs = variantOfCredential(credential, configProviders);
  if (credential.credsType.toUpperCase() !== key.credsType.toUpperCase())
    return `it is a ${credential.credsType} credential now, not ${key.credsType}`;
  if (listedAs !== providerId) return `it is a ${providerVariant(listedAs).label} key now, not ${providerVariant(providerId).label}`;
  const compared = compareKey(providerId, key, credential);
  return compared.same ? null : compared.why;
}

/**
 * The key a target holds once a rotation set `values` on it in place (a PATCH the provider then
 * refused): what a retry of that target is checked against. Only the visible end of a secret, as
 * the listing would mask it; an optional secret left blank was cleared.
 */
export function keyAfterRotation(providerId: ProviderId, key: RotationKey, values: Readonly<Record<string, string>>): RotationKey {
  const next: RotationKey = { credsType: key.credsType, details: { ...key.details }, masked: { ...key.masked } };
  for (const f of rotationFields(providerId)) {
    const value = values[f.key]?.trim() ?? '';
    // A key's details are the listing's non-secret fields only (credentialDetailKeys): a secret is never one of them.
    const detail = f.key as keyof RotationKey['details'];
    if (value && next.details[detail] !== undefined) next.details[detail] = value;
    else if (next.masked[f.key] !== undefined && value.length >= 4) next.masked[f.key] = `****${value.slice(-4)}`;
    else delete next.masked[f.key];
  }
  return next;
}

/**
 * Every credential on the tenants that holds the source's key, the source first. A masked secret
 * that ends differently is another key and never a match; a different identity never is either.
 */
export function findRotationMatches(
  source: RotationTarget,
  states: readonly TenantInventoryState[],
  tenants: readonly InventoryTenant[],
): RotationMatch[] {
  const sourceInventory = states.find((s) => s.tenantId === source.tenantId)?.inventory;
  const sourceCredential = sourceInventory?.credentials.find((c) => c.id === source.credentialId);
  if (!sourceInventory || !sourceCredential) return [];
  const providerOf = (inv: NonNullable<TenantInventoryState['inventory']>, c: InventoryCredential) =>
    variantOfCredential(
      c,
      inv.configs.filter((x) => x.credentialId === c.id).map((x) => x.provider),
    );
  const providerId = providerOf(sourceInventory, sourceCredential);
  const key = keyOf(sourceCredential);
  const configsOf = (inv: NonNullable<TenantInventoryState['inventory']>, id: string) =>
    inv.configs.filter((c) => c.credentialId === id && !c.builtIn).map((c) => ({ id: c.id, name: c.name, modelName: c.modelName }));

  const matches: RotationMatch[] = [];
  for (const tenant of tenants) {
    const inv = states.find((s) => s.tenantId === tenant.id)?.inventory;
    if (!inv) continue;
    for (const c of inv.credentials) {
      // The source is always its own match, even where its listing shows no identity to compare.
      const isSource = tenant.id === source.tenantId && c.id === source.credentialId;
      if (!isSource && providerOf(inv, c) !== providerId) continue;
      const compared = compareKey(providerId, key, c);
      // The chosen key's own row says what identifies it, not that it is of its own provider.
      const found: Pick<RotationMatch, 'strength' | 'reasons'> | null = isSource
        ? { strength: 'source', reasons: compared.same ? compared.reasons.filter((r) => !r.startsWith('same provider')) : [] }
        : compared.same
          ? { strength: compared.strength, reasons: compared.reasons }
          : null;
      if (!found) continue;
      matches.push({
        tenantId: tenant.id,
        credentialId: c.id,
        credentialName: c.name,
        providerId,
        ...found,
        configs: configsOf(inv, c.id),
        key,
      });
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

const targetSchema = z.strictObject({
  tenantId: profileIdSchema,
  credentialId: z.string().min(1).max(200),
  /** The key the page says it holds: main skips a target the tenant lists otherwise now. */
  key: rotationKeySchema,
});

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
export type RotationTargetInput = z.infer<typeof targetSchema>;

/**
 * How the rotation of one credential ended: its word in the report's `targets` (the report every
 * operation makes). `rotated`: patched and valid. `rejected`: the provider refuses the new key (in
 * place, after the PATCH, so the old key is gone from the tenant; a fallback's refused successor is
 * taken back). `unverified`: patched, but the check after could not run: the new key is in place,
 * whether it works is not known. `no-patch`: the tenant cannot update in place (404/405): nothing
 * changed; the fallback is offered. `replaced`: the fallback made a successor and moved the configs.
 * `skipped`: the tenant lists it otherwise now (not this key): nothing changed. `failed`: something
 * else stopped it (see the steps).
 */
export const rotationOutcomes = ['rotated', 'rejected', 'unverified', 'no-patch', 'replaced', 'skipped', 'failed'] as const;
export type RotationOutcome = (typeof rotationOutcomes)[number];

export const rotationOutcomeLabels: Record<RotationOutcome, string> = {
  rotated: 'Rotated',
  rejected: 'New key refused',
  unverified: 'Set, not checked',
  'no-patch': 'No PATCH on this tenant',
  replaced: 'Replaced by a successor',
  skipped: 'Skipped: not this key now',
  failed: 'Failed',
};

export const isRotationOutcome = (word: string): word is RotationOutcome => (rotationOutcomes as readonly string[]).includes(word);

/** A rotation report's step listing the agents now on one new config (a fallback's): shown as its own list. */
// Stryker disable next-line StringLiteral: main writes and the report reads this one name; any other name works the same
export const agentsNowStep = 'agents-now';
