// The audit log's search and filters: tenant, label, action, outcome, a time range and words. Every
// control is a plain input, reachable and operable from the keyboard.
import { auditActionLabels, auditActions, auditOutcomes } from '../../../src-shared/audit';
import { Checklist } from '../../components/Checklist';
import { LabelFilter } from '../../components/LabelFilter';
import { isFiltered, noAuditFilter, type AuditView } from './view-state';

interface Props {
  view: AuditView;
  tenants: { id: string; name: string }[];
  shown: number;
  total: number;
  onChange(change: Partial<AuditView>): void;
}

const outcomeLabels = { ok: 'Done', failed: 'Failed', adopted: 'Adopted (already there)' } as const;

export function AuditFilters({ view, tenants, shown, total, onChange }: Props) {
  return (
    <div className="filters-bar" role="search" aria-label="Find in the audit log">
      <input
        type="search"
        className="audit-search"
        aria-label="Search the audit log"
        placeholder="Search tenants, objects, errors…"
        value={view.query}
        onChange={(e) => onChange({ query: e.target.value })}
      />
      <Checklist
        label="Tenants"
        options={tenants.map((t) => ({ value: t.id, label: t.name }))}
        chosen={view.tenantIds}
        onChange={(tenantIds) => onChange({ tenantIds })}
      />
      <LabelFilter chosen={view.labels} onChange={(labels) => onChange({ labels })} />
      <Checklist
        label="Actions"
        options={auditActions.map((a) => ({ value: a, label: auditActionLabels[a] }))}
        chosen={view.actions}
        onChange={(actions) => onChange({ actions: auditActions.filter((a) => actions.includes(a)) })}
      />
      <Checklist
        label="Outcomes"
        options={auditOutcomes.map((o) => ({ value: o, label: outcomeLabels[o] }))}
        chosen={view.outcomes}
        onChange={(outcomes) => onChange({ outcomes: auditOutcomes.filter((o) => outcomes.includes(o)) })}
      />
      <label className="audit-time">
        From{' '}
        <input type="datetime-local" value={view.from} max={view.to || undefined} onChange={(e) => onChange({ from: e.target.value })} />
      </label>
      <label className="audit-time">
        To <input type="datetime-local" value={view.to} min={view.from || undefined} onChange={(e) => onChange({ to: e.target.value })} />
      </label>
      <span className="filters-count" role="status" aria-live="polite">
        {shown === total ? `${total} ${total === 1 ? 'entry' : 'entries'}` : `Newest ${shown} of ${total} entries`}
      </span>
      {isFiltered(view) && (
        <button type="button" className="button subtle" onClick={() => onChange(noAuditFilter)}>
          Clear filters
        </button>
      )}
    </div>
  );
}
