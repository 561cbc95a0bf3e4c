// The audit log as one windowed table, newest first: only the rows in view are in the page, so a
// log of tens of thousands of entries scrolls like a short one. It reuses the inventory's grid of
// divs (a real <table> cannot be windowed) with columns of its own.
import { auditActionLabels, auditObjectText, type AuditEntry } from '../../../src-shared/audit';
import type { TenantEnvironment } from '../../../src-shared/tenant-profile';
import { TenantBadge } from '../../components/TenantBadge';
import { WindowedRows } from '../../components/WindowedRows';

const columns = ['Time', 'Tenant', 'Action', 'Objects', 'Outcome', 'Error or note', 'Source'];

const outcomePill = { ok: 'pill ok', failed: 'pill danger', adopted: 'pill' } as const;

/** A removed tenant keeps its entries: it is shown in a neutral colour, as removed. */
const removedEnvironment: TenantEnvironment = { label: 'removed', color: '#8c959f' };

const timeFormat = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

interface Props {
  entries: AuditEntry[];
  /** Each tenant's environment now, by id, for its colour. */
  environments: ReadonlyMap<string, TenantEnvironment>;
}

export function AuditTable({ entries, environments }: Props) {
  return (
    <div className="inventory-table audit-table" role="table" aria-label="Audit log" aria-rowcount={entries.length + 1}>
      <div className="inv-row inv-head" role="row">
        {columns.map((c) => (
          <span key={c} role="columnheader" className="inv-cell">
            {c}
          </span>
        ))}
      </div>
      <WindowedRows
        count={entries.length}
        label="Audit entries"
        row={(index, style) => {
          const entry = entries[index]!;
          return <Row key={entry.id} entry={entry} index={index} environment={environments.get(entry.tenantId)} style={style} />;
        }}
      />
    </div>
  );
}

function Row({
  entry,
  index,
  environment,
  style,
}: {
  entry: AuditEntry;
  index: number;
  environment: TenantEnvironment | undefined;
  style: React.CSSProperties;
}) {
  const objects = entry.objects.map(auditObjectText).join('; ');
  const shownEnvironment = environment ?? (entry.environment ? { ...removedEnvironment, label: entry.environment } : removedEnvironment);
  return (
    <div className={`inv-row audit-${entry.outcome}`} role="row" aria-rowindex={index + 2} style={style} data-entry={entry.id}>
      <span role="cell" className="inv-cell">
        <time dateTime={entry.at} title={entry.at}>
          {timeFormat.format(new Date(entry.at))}
        </time>
      </span>
      <span role="cell" className="inv-cell">
        <TenantBadge name={entry.tenantName} environment={shownEnvironment} compact />
      </span>
      <span role="cell" className="inv-cell" title={entry.action}>
        {auditActionLabels[entry.action]}
      </span>
      <span role="cell" className="inv-cell" title={objects}>
        {entry.objects.map((o, i) => (
          <span key={i} className="audit-object">
            <span className="muted">{o.kind}</span> {o.name ?? o.id ?? ''}
          </span>
        ))}
      </span>
      <span role="cell" className="inv-cell">
        <span className={outcomePill[entry.outcome]}>{entry.outcome}</span>
      </span>
      <span role="cell" className="inv-cell" title={entry.message}>
        {entry.errorCode && <code className="audit-code">{entry.errorCode}</code>}
        <span className={entry.outcome === 'failed' ? '' : 'muted'}>{entry.message ?? ''}</span>
      </span>
      <span role="cell" className="inv-cell">
        {entry.source}
      </span>
    </div>
  );
}
