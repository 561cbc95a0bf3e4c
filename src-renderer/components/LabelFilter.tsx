// Narrow tenants by their labels, the same small control on every screen that lists tenants
// (Inventory, plan targets, rotation, audit log): a checklist in a disclosure offering every label
// some tenant carries. Labels are compared without case (src-shared/tenant-labels.ts), so a label
// kept in the address as "EMEA" shows as the tenants' "emea", checked. With no label anywhere and
// none chosen it shows nothing: the Tenants screen is where labels are given.
import { useMemo } from 'react';
import { labelChoices, labelKey } from '../../src-shared/tenant-labels';
import { useTenantsStore } from '../features/tenants/tenants-store';
import { Checklist } from './Checklist';
import '../features/inventory/inventory.css';

export function LabelFilter({
  chosen,
  onChange,
  label = 'Labels',
}: {
  chosen: readonly string[];
  onChange(chosen: string[]): void;
  /** The control's visible name (its summary). */
  label?: string;
}) {
  const profiles = useTenantsStore((s) => s.profiles);
  // A chosen label no tenant carries any more stays offered, so it can be unchosen.
  const choices = useMemo(() => labelChoices([...profiles, { labels: chosen }]), [profiles, chosen]);
  if (choices.length === 0) return null;
  // Options are named by index: a label is free text (spaces, any case) and the checkbox ids come from the values.
  const keys = new Set(chosen.map(labelKey));
  const chosenIndexes = choices.flatMap((c, i) => (keys.has(labelKey(c)) ? [String(i)] : []));
  return (
    <Checklist
      label={label}
      options={choices.map((c, i) => ({ value: String(i), label: c }))}
      chosen={chosenIndexes}
      onChange={(indexes) => onChange(choices.filter((_, i) => indexes.includes(String(i))))}
    />
  );
}
