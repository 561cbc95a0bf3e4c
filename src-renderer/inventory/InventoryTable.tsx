// The inventory as one virtual table: only the rows in view are in the page, so 25 tenants x
// 1,000 configs scroll like 25. An ARIA grid of divs: a real <table> cannot be windowed.
import { credentialDetailsText, healthLabels, type ExpiryClock, type InventoryRow } from '../../src-shared/inventory-rows';
import { TenantBadge } from '../components/TenantBadge';
import { AgentsCell } from './AgentsCell';
import { WindowedRows } from '../components/WindowedRows';
import { expiryPhrase } from '../../src-shared/expiry';
import { ExpiryBadge } from '../expiry/ExpiryBadge';
import { useRotationStore } from '../state/rotation-store';
import type { DisplayItem } from './sort-group';
import type { SortColumn } from './view-state';
import { plural } from '../../src-shared/plural';

const columns: { id: SortColumn; label: string }[] = [
  { id: 'tenant', label: 'Tenant' },
  { id: 'credential', label: 'Credential' },
  { id: 'credsType', label: 'Type' },
  { id: 'config', label: 'Config' },
  { id: 'provider', label: 'Provider' },
  { id: 'model', label: 'Model' },
  { id: 'kind', label: 'Kind' },
  { id: 'default', label: 'Default' },
  { id: 'overrides', label: 'Overrides' },
  { id: 'agents', label: 'Agents' },
  { id: 'health', label: 'Health' },
  { id: 'expiry', label: 'Expires' },
];


/** What a row's checkbox selects: its config, or (an unused credential's row) its credential. Built-ins never. */
export function selectableKey(row: InventoryRow): string | null {
  if (row.config) return row.config.builtIn ? null : row.key;
  return row.credential ? row.key : null;
}

interface Props {
  items: DisplayItem[];
  sort: { column: SortColumn; descending: boolean };
  selected: ReadonlySet<string>;
  onSort(column: SortColumn): void;
  onSelect(row: InventoryRow, on: boolean): void;
  onToggleGroup(key: string): void;
  onDelete(row: InventoryRow): void;
  /** "Make a draft from this": the row's credential with all its configs. */
  onMakeDraft(row: InventoryRow): void;
  /** "Expiry…": when the row's credential expires. */
  onExpiry(row: InventoryRow): void;
  /** What the expiry badges are measured against. */
  clock: ExpiryClock;
}

export function InventoryTable({ items, sort, selected, onSort, onSelect, onToggleGroup, onDelete, onMakeDraft, onExpiry, clock }: Props) {
  const rows = items.filter((i) => i.type === 'row').length;
  return (
    <div className="inventory-table" role="table" aria-label="Inventory" aria-rowcount={rows + 1}>
      <div className="inv-row inv-head" role="row">
        <span role="columnheader" className="inv-cell inv-select">
          <span className="visually-hidden">Select</span>
        </span>
        {columns.map((c) => (
          <span key={c.id} role="columnheader" className={`inv-cell inv-${c.id}`} aria-sort={sort.column === c.id ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
            <button type="button" className="sort-button" onClick={() => onSort(c.id)}>
              {c.label}
              <span aria-hidden="true">{sort.column === c.id ? (sort.descending ? ' ▾' : ' ▴') : ''}</span>
            </button>
          </span>
        ))}
        <span role="columnheader" className="inv-cell inv-actions">
          <span className="visually-hidden">Actions</span>
        </span>
      </div>
      <WindowedRows
        count={items.length}
        label="Inventory rows"
        row={(index, top) => {
          const item = items[index]!;
          if (item.type === 'group') {
            return (
              <div key={item.key} className="inv-row inv-group" role="row" style={top}>
                <span role="cell" className="inv-cell inv-group-cell">
                  <button type="button" className="group-toggle" aria-expanded={!item.collapsed} onClick={() => onToggleGroup(item.key)}>
                    <span aria-hidden="true">{item.collapsed ? '▸' : '▾'}</span> {item.label}
                  </button>
                  <span className="muted"> {item.count}</span>
                </span>
              </div>
            );
          }
          return <Row key={item.row.key} row={item.row} style={top} selected={selected.has(item.row.key)} onSelect={onSelect} onDelete={onDelete} onMakeDraft={onMakeDraft} onExpiry={onExpiry} clock={clock} />;
        }}
      />
    </div>
  );
}

/** The sweep's finding for the credential, with the guide's advice: what went wrong and what to do. */
function healthTitle(row: InventoryRow): string | undefined {
  const h = row.health;
  if (!h) return undefined;
  const parts = [h.message, h.advice && `What to do: ${h.advice.solution}`, h.providerAssumed && `Checked as ${h.provider}: no config says which provider this key is for.`];
  if (row.modelMissing) parts.push(`The provider no longer lists ${row.config?.modelName ?? 'this model'}.`);
  return parts.filter(Boolean).join('\n') || undefined;
}

function Row({
  row,
  style,
  selected,
  onSelect,
  onDelete,
  onMakeDraft,
  onExpiry,
  clock,
}: { row: InventoryRow; style: React.CSSProperties; selected: boolean } & Pick<Props, 'onSelect' | 'onDelete' | 'onMakeDraft' | 'onExpiry' | 'clock'>) {
  const what = row.config ? `config ${row.config.name}` : `credential ${row.credential?.name ?? ''}`;
  const masked = row.credential ? Object.entries(row.credential.masked)[0] : undefined;
  const details = credentialDetailsText(row.credential);
  const selectable = selectableKey(row) !== null;
  return (
    <div className={`inv-row ${row.stale ? 'stale' : ''} ${selected ? 'selected' : ''}`} role="row" style={style} data-row={row.key}>
      <span role="cell" className="inv-cell inv-select">
        {selectable && <input type="checkbox" checked={selected} aria-label={`Select ${what} on ${row.tenant.name}`} onChange={(e) => onSelect(row, e.target.checked)} />}
      </span>
      <span role="cell" className="inv-cell inv-tenant">
        <TenantBadge name={row.tenant.name} environment={row.tenant.environment} compact />
      </span>
      <span role="cell" className="inv-cell inv-credential" title={details || undefined}>
        {row.credential ? (
          <>
            {row.credential.name}
            {details && <span className="muted cell-detail"> {details}</span>}
            {masked && <span className="muted cell-detail"> {masked[1]}</span>}
          </>
        ) : (
          <span className="muted">built-in</span>
        )}
      </span>
      <span role="cell" className="inv-cell inv-credsType">
        {row.credential?.credsType ?? ''}
      </span>
      <span role="cell" className="inv-cell inv-config">
        {row.config ? (
          <>
            {row.config.name}
            {row.config.builtIn && <span className="pill">built-in</span>}
          </>
        ) : (
          <span className="pill warn">unused</span>
        )}
      </span>
      <span role="cell" className="inv-cell inv-provider">
        {row.config?.provider ?? ''}
      </span>
      <span role="cell" className="inv-cell inv-model" title={row.config?.modelName ?? undefined}>
        <code>{row.config?.modelName ?? ''}</code>
        {row.modelMissing && <span className="pill danger">not listed</span>}
      </span>
      <span role="cell" className="inv-cell inv-kind">
        {row.config ? (row.config.isEmbedding ? `embedding${row.config.dimensions ? ` ${row.config.dimensions}` : ''}` : 'completion') : ''}
      </span>
      <span role="cell" className="inv-cell inv-default">
        {row.defaultFor.map((d) => (
          <span key={d} className="pill ok">
            {d === 'llm' ? 'default LLM' : 'default embedding'}
          </span>
        ))}
      </span>
      <span role="cell" className="inv-cell inv-overrides" title={row.overrides.join('\n') || undefined}>
        {row.overrides.length > 0 ? plural(row.overrides.length, 'override') : ''}
      </span>
      <span role="cell" className="inv-cell inv-agents">
        <AgentsCell row={row} />
      </span>
      <span role="cell" className="inv-cell inv-health" title={healthTitle(row)}>
        {row.health && (
          <span className={`pill health-${row.health.status}`}>
            {healthLabels[row.health.status]}
            {row.health.advice && <span className="visually-hidden">: {row.health.advice.cause}. {row.health.advice.solution}</span>}
          </span>
        )}
      </span>
      <span role="cell" className="inv-cell inv-expiry">
        {/* The badge is the control: what is set is what is edited. */}
        {row.credential && (
          <button
            type="button"
            className="row-expiry"
            onClick={() => onExpiry(row)}
            aria-label={`Expiry of ${row.credential.name} on ${row.tenant.name}${row.expiresAt ? `: ${expiryPhrase(row.expiresAt, clock.now)}` : ''}`}
            title="When this credential expires: BYOM Desk reminds you before"
          >
            {row.expiresAt ? <ExpiryBadge expiresAt={row.expiresAt} now={clock.now} leadHours={clock.leadHours} /> : <span className="muted">Set…</span>}
          </button>
        )}
      </span>
      <span role="cell" className="inv-cell inv-actions">
        {row.credential && (
          <button type="button" className="button subtle row-draft" onClick={() => onMakeDraft(row)} aria-label={`Make a draft from ${row.credential.name} on ${row.tenant.name}`} title="Make a draft from this credential and its configs">
            Draft
          </button>
        )}
        {row.credential && (
          <button type="button" className="button subtle row-rotate" onClick={() => useRotationStore.getState().open({ tenantId: row.tenant.id, credentialId: row.credential!.id })} aria-label={`Rotate ${row.credential.name} on ${row.tenant.name}`} title="Rotate this key on every tenant that holds it">
            Rotate
          </button>
        )}

        {selectable && (
          <button type="button" className="button subtle danger-text row-delete" onClick={() => onDelete(row)} aria-label={`Delete ${what} on ${row.tenant.name}`} title="Delete…">
            Delete
          </button>
        )}
      </span>
    </div>
  );
}
