// The tenant the drift matrices compare every other tenant with, and what they show before there is
// anything to compare. Shared by the coverage and settings matrices so both read the same way.
import { useId } from 'react';
import type { InventoryTenant } from '../../../src-shared/inventory-rows';
import './drift.css';
import { plural } from '../../../src-shared/plural';

/** The "compare with" select: the tenants that have an inventory, plus "No baseline". */
export function BaselinePicker({
  tenants,
  baseline,
  onBaseline,
}: {
  tenants: readonly InventoryTenant[];
  baseline: string | null;
  onBaseline(tenantId: string | null): void;
}) {
  const id = useId();
  // A baseline from the address that is not (or no longer) read is shown as no baseline.
  const value = effectiveBaseline(tenants, baseline) ?? '';
  return (
    <div className="baseline-picker">
      <label htmlFor={id} className="field-label">
        Baseline tenant
      </label>
      <select id={id} value={value} onChange={(e) => onBaseline(e.target.value || null)}>
        <option value="">No baseline</option>
        {tenants.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name} ({t.environment.label})
          </option>
        ))}
      </select>
    </div>
  );
}

/** Above each matrix: the baseline picker and how many cells differ from the baseline. */
export function DriftToolbar(props: {
  tenants: readonly InventoryTenant[];
  chosen: string | null;
  baseline: string | null;
  differing: number;
  /** "12 models", "9 settings": what the matrix has rows of. */
  rowsLabel: string;
  onBaseline(tenantId: string | null): void;
}) {
  const { tenants, chosen, baseline, differing } = props;
  const baselineName = tenants.find((t) => t.id === baseline)?.name ?? '';
  return (
    <div className="drift-toolbar">
      <BaselinePicker tenants={tenants} baseline={chosen} onBaseline={props.onBaseline} />
      <p className="drift-summary" role="status">
        {props.rowsLabel} across {plural(tenants.length, 'tenant')}
        {baseline ? `; ${differing} ${differing === 1 ? 'differs' : 'differ'} from ${baselineName}` : ''}
      </p>
    </div>
  );
}

/** The baseline tenant, when it is one of the tenants compared. */
export function effectiveBaseline(tenants: readonly InventoryTenant[], baseline: string | null): string | null {
  return baseline && tenants.some((t) => t.id === baseline) ? baseline : null;
}

/** What a matrix says instead of itself when fewer than two tenants have been read; null otherwise. */
export function CompareEmptyState({ tenants }: { tenants: readonly InventoryTenant[] }) {
  if (tenants.length === 0) {
    return (
      <div className="empty-state drift-empty">
        <p>Refresh the inventory to compare tenants.</p>
      </div>
    );
  }
  if (tenants.length === 1) {
    return (
      <div className="empty-state drift-empty">
        <p>Only {tenants[0]!.name} has been read. Refresh the inventory of another tenant to compare them.</p>
      </div>
    );
  }
  return null;
}
