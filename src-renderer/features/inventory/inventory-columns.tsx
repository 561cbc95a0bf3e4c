// The inventory's columns: what each shows, how wide it starts, and which show by default for the
// window's width. The table model (TanStack Table) hides, orders and sizes them; this says what they are.
import { healthLabels, type ExpiryClock, type InventoryRow } from '../../../src-shared/inventory-rows';
import { expiryPhrase } from '../../../src-shared/expiry';
import { plural } from '../../../src-shared/plural';
import { TenantBadge } from '../../components/TenantBadge';
import { ExpiryBadge } from '../expiry/ExpiryBadge';
import { AgentsCell } from './AgentsCell';
import type { SortColumn } from './view-state';

export interface ColumnSpec {
  id: SortColumn;
  label: string;
  /** Starting width in px: wide enough for the usual names at 12 px. */
  size: number;
  render(row: InventoryRow, context: CellContext): React.ReactNode;
}

export interface CellContext {
  clock: ExpiryClock;
  onExpiry(row: InventoryRow): void;
}

export const kindText = (row: InventoryRow) =>
  row.config ? (row.config.isEmbedding ? `embedding${row.config.dimensions ? ` ${row.config.dimensions}` : ''}` : 'completion') : '';

export const columnSpecs: ColumnSpec[] = [
  {
    id: 'tenant',
    label: 'Tenant',
    size: 120,
    render: (row) => <TenantBadge name={row.tenant.name} environment={row.tenant.environment} compact />,
  },
  {
    id: 'credential',
    label: 'Credential',
    size: 130,
    render: (row) => (row.credential ? row.credential.name : <span className="muted">built-in</span>),
  },
  {
    id: 'config',
    label: 'Config',
    size: 130,
    render: (row) =>
      row.config ? (
        <>
          {row.config.name}
          {row.config.builtIn && <span className="pill">built-in</span>}
        </>
      ) : (
        <span className="pill warn">unused</span>
      ),
  },
  {
    id: 'model',
    label: 'Model',
    size: 140,
    render: (row) => (
      <>
        <code>{row.config?.modelName ?? ''}</code>
        {row.modelMissing && <span className="pill danger">not listed</span>}
      </>
    ),
  },
  {
    id: 'health',
    label: 'Health',
    size: 92,
    render: (row) =>
      row.health && (
        <span className={`pill health-${row.health.status}`}>
          {healthLabels[row.health.status]}
          {row.health.advice && (
            <span className="visually-hidden">
              : {row.health.advice.cause}. {row.health.advice.solution}
            </span>
          )}
        </span>
      ),
  },
  { id: 'credsType', label: 'Type', size: 90, render: (row) => row.credential?.credsType ?? '' },
  { id: 'provider', label: 'Provider', size: 90, render: (row) => row.config?.provider ?? '' },
  { id: 'kind', label: 'Kind', size: 100, render: kindText },
  {
    id: 'default',
    label: 'Default',
    size: 120,
    render: (row) =>
      row.defaultFor.map((d) => (
        <span key={d} className="pill ok">
          {d === 'llm' ? 'default LLM' : 'default embedding'}
        </span>
      )),
  },
  {
    id: 'overrides',
    label: 'Overrides',
    size: 96,
    render: (row) => (row.overrides.length > 0 ? plural(row.overrides.length, 'override') : ''),
  },
  { id: 'agents', label: 'Agents', size: 80, render: (row) => <AgentsCell row={row} /> },
  {
    id: 'expiry',
    label: 'Expires',
    size: 96,
    render: (row, { clock, onExpiry }) =>
      row.credential && (
        // The badge is the control: what is set is what is edited.
        <button
          type="button"
          className="row-expiry"
          onClick={() => onExpiry(row)}
          // The name holds what the button shows (WCAG 2.5.3): "Set…", or the badge's "in 55 min" / "expired".
          aria-label={
            row.expiresAt
              ? `Expiry of ${row.credential.name} on ${row.tenant.name}: ${expiryPhrase(row.expiresAt, clock.now)}`
              : `Set expiry of ${row.credential.name} on ${row.tenant.name}`
          }
        >
          {row.expiresAt ? (
            <ExpiryBadge expiresAt={row.expiresAt} now={clock.now} leadHours={clock.leadHours} />
          ) : (
            <span className="muted">Set…</span>
          )}
        </button>
      ),
  },
];

/**
 * The columns shown until the user chooses: at a laptop's width the names and health beside the
 * details panel (which shows everything else whole); on a wide screen more of the rest.
 */
export function defaultShownColumns(windowWidth: number): SortColumn[] {
  if (windowWidth >= 1800)
    return ['tenant', 'credential', 'config', 'model', 'health', 'agents', 'default', 'overrides', 'kind', 'credsType', 'expiry'];
  if (windowWidth >= 1400) return ['tenant', 'credential', 'config', 'model', 'health', 'agents'];
  return ['tenant', 'credential', 'config', 'health', 'agents'];
}
