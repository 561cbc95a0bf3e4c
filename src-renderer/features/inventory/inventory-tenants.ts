// The Inventory's tenants: every profile (with its labels), the ones the Tenants and Labels filters
// choose (what the tenant strip, the refresh, the sweep and the matrices cover), and what each list
// filter of the bar offers.
import { useMemo } from 'react';
import type { InventoryFilters, InventoryRow, InventoryTenant } from '../../../src-shared/inventory-rows';
import { normalizeConfigProvider } from '../../../src-shared/providers/catalog';
import { hasAnyLabel } from '../../../src-shared/tenant-labels';
import type { TenantProfileView } from '../../../src-shared/tenant-profile';
import type { FilterChoices } from './FiltersBar';

export function useInventoryTenants(
  profiles: readonly TenantProfileView[],
  filters: Pick<InventoryFilters, 'tenantIds' | 'labels'>,
): { tenants: InventoryTenant[]; chosen: InventoryTenant[] } {
  const tenants: InventoryTenant[] = useMemo(
    () => profiles.map((p) => ({ id: p.id, name: p.name, environment: p.environment, labels: p.labels })),
    [profiles],
  );
  const { tenantIds, labels } = filters;
  const chosen = useMemo(
    () => tenants.filter((t) => (tenantIds.length === 0 || tenantIds.includes(t.id)) && hasAnyLabel(t.labels ?? [], labels)),
    [tenants, tenantIds, labels],
  );
  return { tenants, chosen };
}

/** What the bar's list filters offer: every tenant and environment, and the providers and credential types read. */
export function filterChoices(tenants: readonly InventoryTenant[], rows: readonly InventoryRow[]): FilterChoices {
  return {
    tenants: tenants.map((t) => ({ id: t.id, name: t.name })),
    environments: [...new Set(tenants.map((t) => t.environment.label))].sort(),
    providers: [...new Set(rows.flatMap((r) => (r.config ? [normalizeConfigProvider(r.config.provider)] : [])))].sort(),
    credsTypes: [...new Set(rows.flatMap((r) => (r.credential ? [r.credential.credsType] : [])))].sort(),
  };
}
