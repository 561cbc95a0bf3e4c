// The inventory's search and filters. Each list filter is a small checklist in a disclosure, so the
// bar stays one line and every control is a plain, keyboard-reachable input.
import { emptyFilters, type InventoryFilters, type KindFilter } from '../../../src-shared/inventory-rows';
import { Checklist } from '../../components/Checklist';
import { LabelFilter } from '../../components/LabelFilter';
import { groupings, type Grouping } from './view-state';

export interface FilterChoices {
  tenants: { id: string; name: string }[];
  environments: string[];
  providers: string[];
  credsTypes: string[];
}

interface Props {
  filters: InventoryFilters;
  choices: FilterChoices;
  group: Grouping;
  shown: number;
  total: number;
  onFilters(change: Partial<InventoryFilters>): void;
  onGroup(group: Grouping): void;
}

export function FiltersBar({ filters, choices, group, shown, total, onFilters, onGroup }: Props) {
  const filtered = JSON.stringify({ ...filters, showBuiltIns: false }) !== JSON.stringify({ ...emptyFilters, showBuiltIns: false });
  return (
    <div className="filters-bar" role="search" aria-label="Find in the inventory">
      <input
        type="search"
        className="inventory-search"
        aria-label="Search the inventory"
        placeholder="Search tenants, credentials, configs, models…"
        value={filters.query}
        onChange={(e) => onFilters({ query: e.target.value })}
      />
      <Checklist
        label="Tenants"
        options={choices.tenants.map((t) => ({ value: t.id, label: t.name }))}
        chosen={filters.tenantIds}
        onChange={(tenantIds) => onFilters({ tenantIds })}
      />
      <LabelFilter chosen={filters.labels} onChange={(labels) => onFilters({ labels })} />
      <Checklist
        label="Environments"
        options={choices.environments.map((e) => ({ value: e, label: e }))}
        chosen={filters.environments}
        onChange={(environments) => onFilters({ environments })}
      />
      <Checklist
        label="Providers"
        options={choices.providers.map((p) => ({ value: p, label: p }))}
        chosen={filters.providers}
        onChange={(providers) => onFilters({ providers })}
      />
      <Checklist
        label="Credential types"
        options={choices.credsTypes.map((c) => ({ value: c, label: c }))}
        chosen={filters.credsTypes}
        onChange={(credsTypes) => onFilters({ credsTypes })}
      />
      <div className="segmented" role="group" aria-label="Kind">
        {(['all', 'completion', 'embedding'] as KindFilter[]).map((k) => (
          <button key={k} type="button" className="button" aria-pressed={filters.kind === k} onClick={() => onFilters({ kind: k })}>
            {k === 'all' ? 'All kinds' : k === 'completion' ? 'Completion' : 'Embedding'}
          </button>
        ))}
      </div>
      <Toggle label="Unused credentials" checked={filters.unusedOnly} onChange={(unusedOnly) => onFilters({ unusedOnly })} />
      <Toggle label="Defaults" checked={filters.defaultOnly} onChange={(defaultOnly) => onFilters({ defaultOnly })} />
      <Toggle label="With an override" checked={filters.overrideOnly} onChange={(overrideOnly) => onFilters({ overrideOnly })} />
      <Toggle label="Problems" checked={filters.problemsOnly} onChange={(problemsOnly) => onFilters({ problemsOnly })} />
      <Toggle label="Expiring" checked={filters.expiringOnly} onChange={(expiringOnly) => onFilters({ expiringOnly })} />
      <Toggle label="Show built-in configs" checked={filters.showBuiltIns} onChange={(showBuiltIns) => onFilters({ showBuiltIns })} />
      <label className="group-by">
        Group by{' '}
        <select value={group} onChange={(e) => onGroup(e.target.value as Grouping)}>
          {groupings.map((g) => (
            <option key={g} value={g}>
              {g === 'none' ? 'nothing' : g}
            </option>
          ))}
        </select>
      </label>
      <span className="filters-count" role="status" aria-live="polite">
        {shown === total ? `${total} rows` : `${shown} of ${total} rows`}
      </span>
      {filtered && (
        <button type="button" className="button subtle" onClick={() => onFilters({ ...emptyFilters, showBuiltIns: filters.showBuiltIns })}>
          Clear filters
        </button>
      )}
    </div>
  );
}

function Toggle({ label, checked, onChange }: { label: string; checked: boolean; onChange(on: boolean): void }) {
  return (
    <label className="checkbox toggle">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      {label}
    </label>
  );
}
