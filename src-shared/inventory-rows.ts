// The inventory as rows: every LLM config joined to its credential, its tenant's defaults and the
// feature overrides that use it, plus one row per credential no config uses. One function for the
// table, the filters and the export, so what is shown is what is exported.
import { defaultLeadHours, expiryKey, expiryState, type CredentialExpiry } from './expiry';
import {
  agentsOnConfig,
  type CredentialHealth,
  type InventoryAgent,
  type InventoryConfig,
  type InventoryCredential,
  type TenantInventoryState,
} from './inventory';
import { normalizeConfigProvider } from './providers/catalog';
import { hasAnyLabel } from './tenant-labels';
import type { TenantEnvironment } from './tenant-profile';

export interface InventoryTenant {
  id: string;
  name: string;
  environment: TenantEnvironment;
  /** The profile's labels, for the label filter; none when not given. */
  labels?: readonly string[];
}

export interface InventoryRow {
  /** Unique across tenants. */
  key: string;
  tenant: InventoryTenant;
  credential: InventoryCredential | null;
  config: InventoryConfig | null;
  /** A credential no config uses. */
  unused: boolean;
  defaultFor: ('llm' | 'embedding')[];
  /** `DEFAULT_AGENT/sql_query_agent` for each override that uses the config. */
  overrides: string[];
  /** The agents that name this config; null when the tenant's agents are not known (or the row has no config). */
  agents: InventoryAgent[] | null;
  /** The credential's last health sweep, when there was one. */
  health: CredentialHealth | null;
  /** The sweep found the provider no longer lists this config's model. */
  modelMissing: boolean;
  /** The data is from an earlier read: the tenant could not be read now. */
  stale: boolean;
  /** When the credential expires, as the user entered it (kept by the app, not the tenant). */
  expiresAt: string | null;
}

export function inventoryRows(
  states: readonly TenantInventoryState[],
  tenants: readonly InventoryTenant[],
  // Stryker disable next-line ArrayDeclaration: a stand-in expiry has no tenant or credential id, so no row's look-up finds it
  expiries: readonly Pick<CredentialExpiry, 'tenantId' | 'credentialId' | 'expiresAt'>[] = [],
): InventoryRow[] {
  const byId = new Map(tenants.map((t) => [t.id, t]));
  const expiresAt = new Map(expiries.map((e) => [expiryKey(e), e.expiresAt]));
  const expiryOf = (tenantId: string, credential: InventoryCredential | null) =>
    credential ? (expiresAt.get(expiryKey({ tenantId, credentialId: credential.id })) ?? null) : null;
  const rows: InventoryRow[] = [];
  for (const state of states) {
    const tenant = byId.get(state.tenantId);
    const inventory = state.inventory;
    if (!tenant || !inventory) continue;
    const credentials = new Map(inventory.credentials.map((c) => [c.id, c]));
    const health = new Map(state.sweep?.credentials.map((h) => [h.credentialId, h]));
    const used = new Set<string>();
    for (const config of inventory.configs) {
      const credential = config.credentialId ? (credentials.get(config.credentialId) ?? null) : null;
      if (credential) used.add(credential.id);
      const h = credential ? (health.get(credential.id) ?? null) : null;
      const defaultFor: InventoryRow['defaultFor'] = [];
      if (inventory.preference.defaultLlmConfigId === config.id) defaultFor.push('llm');
      if (inventory.preference.defaultEmbeddingConfigId === config.id) defaultFor.push('embedding');
      rows.push({
        key: `${tenant.id}:config:${config.id}`,
        tenant,
        credential,
        config,
        unused: false,
        defaultFor,
        overrides: inventory.overrides.filter((o) => o.configId === config.id).map((o) => `${o.featureType}/${o.featureKey}`),
        agents: agentsOnConfig(inventory, config.id) ?? null,
        health: h,
        modelMissing: Boolean(h && config.modelName && h.missingModels.includes(config.modelName)),
        stale: state.stale,
        expiresAt: expiryOf(tenant.id, credential),
      });
    }
    for (const credential of inventory.credentials) {
      if (used.has(credential.id)) continue;
      rows.push({
        key: `${tenant.id}:credential:${credential.id}`,
        tenant,
        credential,
        config: null,
        unused: true,
        defaultFor: [],
        overrides: [],
        agents: null,
        health: health.get(credential.id) ?? null,
        modelMissing: false,
        stale: state.stale,
        expiresAt: expiryOf(tenant.id, credential),
      });
    }
  }
  return rows;
}

/** The non-secret details of a credential, as one line: base URL, region, endpoint, project. */
export function credentialDetailsText(credential: InventoryCredential | null): string {
  if (!credential) return '';
  const d = credential.details;
  return [
    d.base_url,
    d.aws_region,
    d.azure_endpoint,
    d.api_version && `api ${d.api_version}`,
    d.azure_client_id && `client ${d.azure_client_id}`,
    d.gcp_project,
    d.gcp_location,
  ]
    .filter(Boolean)
    .join(' · ');
}

export type KindFilter = 'all' | 'completion' | 'embedding';

export interface InventoryFilters {
  /** Matches any text column, case-insensitive. */
  query: string;
  tenantIds: string[];
  /** Rows of tenants that carry any of these labels (compared without case, see tenant-labels.ts). */
  labels: string[];
  environments: string[];
  /** Normalized config providers (`openai`, `azure_openai`, `bedrock_us-west-2`...). */
  providers: string[];
  kind: KindFilter;
  credsTypes: string[];
  unusedOnly: boolean;
  defaultOnly: boolean;
  overrideOnly: boolean;
  /** Built-in configs are hidden unless asked for. */
  showBuiltIns: boolean;
  /** Only rows with a problem the sweep found (a refused key, a model no longer listed). */
  problemsOnly: boolean;
  /** Only rows whose credential has expired or expires within the reminder lead time. */
  expiringOnly: boolean;
}

export const emptyFilters: InventoryFilters = {
  query: '',
  tenantIds: [],
  labels: [],
  environments: [],
  providers: [],
  kind: 'all',
  credsTypes: [],
  unusedOnly: false,
  defaultOnly: false,
  overrideOnly: false,
  showBuiltIns: false,
  problemsOnly: false,
  expiringOnly: false,
};

/** What "expiring" is measured against: the time now and the reminder lead time. */
export interface ExpiryClock {
  now: number;
  leadHours: number;
}

/** Every text a row shows, lower-cased, for the search box. */
/** What the Health column says of each sweep verdict; the search box finds these words too. */
export const healthLabels: Record<CredentialHealth['status'], string> = {
  ok: 'OK',
  rejected: 'Key rejected',
  forbidden: 'Forbidden',
  unlisted: 'Models unlisted',
  error: 'Error',
};

export function rowSearchText(row: InventoryRow): string {
  // A value a row lacks (undefined, null) is joined as an empty line: no search word holds a line break.
  return [
    row.tenant.name,
    row.tenant.environment.label,
    row.credential?.name,
    row.credential?.credsType,
    credentialDetailsText(row.credential),
    row.config?.name,
    row.config?.provider,
    row.config?.modelName,
    row.config ? (row.config.isEmbedding ? 'embedding' : 'completion') : 'unused',
    row.config?.builtIn ? 'built-in' : undefined,
    ...row.defaultFor.map((d) => `default ${d}`),
    ...row.overrides,
    // A config is found by the names of the agents that use it.
    // Stryker disable next-line ArrayDeclaration: a stand-in for no agents has no name, and join writes a missing name as nothing
    ...(row.agents ?? []).map((a) => a.name),
    row.health ? healthLabels[row.health.status] : undefined,
    row.modelMissing ? 'not listed' : undefined,
    // The date, not "in 55 min": the cached text must not go stale as time passes.
    row.expiresAt ? `expires ${row.expiresAt.slice(0, 10)}` : undefined,
  ]
    .join('\n')
    .toLowerCase();
}

/** The facet filters (everything but the search box): cheap, so they run before any text is read. */
function passesFacets(row: InventoryRow, f: InventoryFilters, clock: ExpiryClock): boolean {
  if (!f.showBuiltIns && row.config?.builtIn) return false;
  if (f.tenantIds.length && !f.tenantIds.includes(row.tenant.id)) return false;
  // Stryker disable next-line ArrayDeclaration: a tenant with no labels; a stand-in label matters only if a user chose that very text
  if (f.labels.length && !hasAnyLabel(row.tenant.labels ?? [], f.labels)) return false;
  if (f.environments.length && !f.environments.includes(row.tenant.environment.label)) return false;
  if (f.providers.length && !(row.config && f.providers.includes(normalizeConfigProvider(row.config.provider)))) return false;
  if (f.kind !== 'all' && !(row.config && row.config.isEmbedding === (f.kind === 'embedding'))) return false;
  if (f.credsTypes.length && !(row.credential && f.credsTypes.includes(row.credential.credsType))) return false;
  if (f.unusedOnly && !row.unused) return false;
  if (f.defaultOnly && row.defaultFor.length === 0) return false;
  if (f.overrideOnly && row.overrides.length === 0) return false;
  if (f.problemsOnly && !(row.modelMissing || (row.health && row.health.status !== 'ok' && row.health.status !== 'unlisted'))) return false;
  if (f.expiringOnly && !(row.expiresAt && expiryState(row.expiresAt, clock.now, clock.leadHours))) return false;
  return true;
}

/** The search box's words (what is between spaces): every one must appear in the row's text. */
export function searchWords(query: string): string[] {
  return query.toLowerCase().match(/\S+/g) ?? [];
}

/**
 * Rows that pass the filters. The query is read once per call, not once per row, and each row's
 * search text is made once and kept in `texts`, at the row's index: an array that belongs to this
 * one `rows` array (the screen makes a new one with every new set of rows, so a stale text is never
 * read). An array rather than a map keyed by row, since a keystroke then reads the texts in order,
 * which is what keeps 25,000 rows as quick per row as 5,000. `clock` says what "expiring" means now.
 */
export function filterRows(
  rows: readonly InventoryRow[],
  filters: InventoryFilters,
  texts: (string | undefined)[] = [],
  clock: ExpiryClock = { now: Date.now(), leadHours: defaultLeadHours },
): InventoryRow[] {
  const words = searchWords(filters.query);
  const shown: InventoryRow[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    if (!passesFacets(row, filters, clock)) continue;
    // The row's text is made when the first word is looked for in it (never, with no words), then kept.
    if (!words.every((word) => (texts[i] ??= rowSearchText(row)).includes(word))) continue;
    shown.push(row);
  }
  return shown;
}
