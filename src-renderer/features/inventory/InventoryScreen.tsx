import { useShallow } from 'zustand/react/shallow';
// Every credential, config, default and override of every tenant, in one view; the drift between
// tenants; deleting, defaults and overrides; the health sweep; export. Reads come from main as
// jobs; what was read last is shown (marked stale, with its age) when a tenant cannot be read now.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useValueAfterPaint } from '../../components/value-after-paint';
import { toCsv, toJson } from '../../../src-shared/inventory-export';
import { filterRows, inventoryRows, type InventoryRow } from '../../../src-shared/inventory-rows';
import { download, exportStamp } from '../../components/download';
import { CoverageMatrix } from './CoverageMatrix';
import { DeleteDialog, type DeleteRequest } from './DeleteDialog';
import { ExpiryDialog, type ExpiryTarget } from '../expiry/ExpiryDialog';
import { LeadTimeControl } from '../expiry/LeadTimeControl';
import { FiltersBar } from './FiltersBar';
import { filterChoices, useInventoryTenants } from './inventory-tenants';
import { ColumnChooser } from './ColumnChooser';
import { DetailsPanel } from './DetailsPanel';
import { InventoryTable } from './InventoryTable';
import { selectableKey, useInventoryRowsTable } from './inventory-rows-table';
import type { RowAction } from './RowMenu';
import { SettingsMatrix } from './SettingsMatrix';
import { groupRows } from './sort-group';
import { TenantSettings } from './TenantSettings';
import { useSettingsEditing } from './settings-request';
import { TenantStrip } from './TenantStrip';
import { SweepAlertsNotice } from '../sweep-alerts/SweepAlertsNotice';
import { inventoryTabs, useInventoryView, type ColumnChoice, type InventoryTab, type SortColumn } from './view-state';
import { asAppError } from '../../bridge';
import { useAppStore } from '../../app/app-store';
import { useDraftsStore } from '../drafts/drafts-store';
import { useExpiryStore } from '../expiry/expiry-store';
import { useInventoryStore } from './inventory-store';
import { useJobsStore } from '../../app/jobs-store';
import { useRotationStore } from '../rotation/rotation-store';
import { useTenantsStore } from '../tenants/tenants-store';
import { EmptyState, ScreenHeader } from '../../components/ScreenHeader';
import './inventory.css';
import './details.css';
import { showFailureOf } from '../../app/failures';

const tabLabels: Record<InventoryTab, string> = {
  configs: 'Configs and credentials',
  coverage: 'Model coverage',
  settings: 'Defaults and overrides',
};

/** The inventory reads itself once per page, when the screen first opens with stale or unread tenants. */
let refreshedOnOpen = false;

export function InventoryScreen() {
  const {
    profiles,
    loaded: profilesLoaded,
    load,
  } = useTenantsStore(useShallow((s) => ({ profiles: s.profiles, loaded: s.loaded, load: s.load })));
  // Selected, not the whole store: the screen follows the tenants' states; the actions never change.
  const inventory = useInventoryStore(
    useShallow((s) => ({ tenants: s.tenants, loaded: s.loaded, attach: s.attach, refresh: s.refresh, sweep: s.sweep })),
  );
  const view = useInventoryView();
  const jobs = useJobsStore((s) => s.jobs);
  const cancelJob = useJobsStore((s) => s.cancel);
  const goTo = useAppStore((s) => s.goTo);
  const [now, setNow] = useState(() => Date.now());
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [deleting, setDeleting] = useState<DeleteRequest | null>(null);
  const [editing, setEditing, editSettings] = useSettingsEditing(() => view.update({ tab: 'settings' }));
  const [expiryOf, setExpiryOf] = useState<ExpiryTarget | null>(null);
  const expiries = useExpiryStore((s) => s.expiries);
  const leadHours = useExpiryStore((s) => s.leadHours);

  useEffect(() => {
    if (!profilesLoaded) showFailureOf(load());
    void inventory.attach();
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, when the screen opens: the store's actions are stable
  }, []);

  const { tenants, chosen } = useInventoryTenants(profiles, view.filters);
  const states = useMemo(() => tenants.map((t) => inventory.tenants[t.id]).filter((s) => s !== undefined), [tenants, inventory.tenants]);
  const chosenStates = useMemo(() => states.filter((s) => chosen.some((t) => t.id === s.tenantId)), [states, chosen]);
  const running = Object.values(jobs).filter((j) => j.status === 'running');
  const refreshJob = running.find((j) => j.kind === 'inventory');
  const sweepJob = running.find((j) => j.kind === 'sweep');

  // Opening the screen reads the chosen tenants once, if any is unread or only known from the cache.
  useEffect(() => {
    if (refreshedOnOpen || !inventory.loaded || !profilesLoaded || chosen.length === 0 || refreshJob) return;
    if (chosen.some((t) => !inventory.tenants[t.id] || inventory.tenants[t.id]!.status === 'never' || inventory.tenants[t.id]!.stale)) {
      refreshedOnOpen = true;
      void inventory.refresh(chosen.map((t) => t.id));
    }
  }, [inventory, profilesLoaded, chosen, refreshJob]);

  // Expiries are the app's own, joined by tenant and credential id: a refresh of the tenant keeps them.
  const rows = useMemo(() => inventoryRows(states, tenants, expiries), [states, tenants, expiries]);
  // Sorted before they are filtered: the filter keeps their order, so a keystroke costs one pass
  // over the rows and never a sort (25,000 rows by locale took longer than a frame).
  const { ordered, groups, selected, select, clearSelection } = useInventoryRowsTable(rows, view.sort, view.group);
  // One text cache per set of rows, filled by the first keystroke (see filterRows).
  // eslint-disable-next-line react-hooks/exhaustive-deps -- a new cache for each new rows array, on purpose
  const searchTexts = useMemo((): (string | undefined)[] => [], [ordered]);
  const filters = useValueAfterPaint(view.filters);
  const clock = useMemo(() => ({ now, leadHours }), [now, leadHours]);
  // The clock only matters to the "Expiring" filter: without it, a tick never filters again.
  const filterClock = filters.expiringOnly ? clock : undefined;
  const sorted = useMemo(() => filterRows(ordered, filters, searchTexts, filterClock), [ordered, filters, searchTexts, filterClock]);
  const items = useMemo(() => groupRows(sorted, groups, collapsed), [sorted, groups, collapsed]);
  const choices = useMemo(() => filterChoices(tenants, rows), [tenants, rows]);
  const visibleSelection = useMemo(() => sorted.filter((r) => selected.has(r.key)), [sorted, selected]);

  // The table's handlers keep their identity across renders, and read what they need when called:
  // the table (memoised) then re-renders only when its rows, sort, selection or columns change, not
  // on every keystroke in the search box while the filtered rows are still on their way.
  const latest = useRef<{
    view: typeof view;
    rotate: (row: InventoryRow) => void;
    actionsFor: (row: InventoryRow) => RowAction[];
    openExpiry: (row: InventoryRow) => void;
    select: (row: InventoryRow, on: boolean) => void;
  }>(null!);
  const tableHandlers = useMemo(
    () => ({
      onColumns: (columns: ColumnChoice) => latest.current.view.update({ columns }),
      onCurrent: (row: string | null) => latest.current.view.update({ row }),
      onSort: (column: SortColumn) => {
        const { view: v } = latest.current;
        v.update({ sort: { column, descending: v.sort.column === column ? !v.sort.descending : false } });
      },
      onSelect: (row: InventoryRow, on: boolean) => latest.current.select(row, on),
      onToggleGroup: (key: string) =>
        setCollapsed((c) => {
          const next = new Set(c);
          if (next.has(key)) next.delete(key);
          else next.add(key);
          return next;
        }),
      onRotate: (row: InventoryRow) => latest.current.rotate(row),
      actionsFor: (row: InventoryRow) => latest.current.actionsFor(row),
      onExpiry: (row: InventoryRow) => latest.current.openExpiry(row),
    }),
    [],
  );

  if (profilesLoaded && profiles.length === 0) {
    return (
      <>
        <ScreenHeader title="Inventory" subtitle="Every credential and LLM config, across tenants." />
        <EmptyState heading="Add a tenant first">
          <p>The inventory shows every LLM credential and config of your tenants side by side. Add a tenant profile to begin.</p>
          <button type="button" className="button primary" onClick={() => goTo('tenants')}>
            Go to Tenants
          </button>
        </EmptyState>
      </>
    );
  }

  const exportAs = (format: 'csv' | 'json') => {
    download(
      `byom-inventory-${exportStamp()}.${format}`,
      format === 'csv' ? 'text/csv' : 'application/json',
      format === 'csv' ? toCsv(sorted) : toJson(sorted, new Date().toISOString()),
    );
  };

  const makeDraft = async (row: InventoryRow) => {
    if (!row.credential) return;
    try {
      // Read from the tenant when it answers, else from its last inventory (the draft's notes say when that was read).
      await useDraftsStore.getState().makeFromCredential(row.tenant.id, row.credential.id);
      useAppStore.getState().goTo('drafts');
    } catch (error) {
      useAppStore.getState().showError(asAppError(error));
    }
  };

  const deleteRow = (row: InventoryRow) => {
    if (row.config) {
      setDeleting({
        items: [{ tenantId: row.tenant.id, kind: 'config', id: row.config.id }],
        ...(row.credential ? { offerCredential: { tenantId: row.tenant.id, credentialId: row.credential.id } } : {}),
      });
    } else if (row.credential) {
      setDeleting({ items: [{ tenantId: row.tenant.id, kind: 'credential', id: row.credential.id }] });
    }
  };
  const openExpiry = (row: InventoryRow) =>
    row.credential &&
    setExpiryOf({
      tenantId: row.tenant.id,
      tenantName: row.tenant.name,
      credentialId: row.credential.id,
      credentialName: row.credential.name,
      expiresAt: row.expiresAt,
    });
  const rotate = (row: InventoryRow) =>
    row.credential && useRotationStore.getState().open({ tenantId: row.tenant.id, credentialId: row.credential.id });
  // The row's actions, in its menu and in the details panel alike.
  const actionsFor = (row: InventoryRow): RowAction[] => {
    const on = `on ${row.tenant.name}`;
    const what = row.config ? `config ${row.config.name}` : `credential ${row.credential?.name ?? ''}`;
    const actions: RowAction[] = [];
    if (row.credential) {
      const name = row.credential.name;
      actions.push({ label: 'Draft', name: `Make a draft from ${name} ${on}`, run: () => void makeDraft(row) });
      actions.push({ label: 'Rotate', name: `Rotate ${name} ${on}`, run: () => rotate(row) });
      actions.push({ label: 'Set expiry', name: `Set expiry of ${name} ${on}`, run: () => openExpiry(row) });
    }
    actions.push({
      label: 'Edit settings',
      name: `Edit settings of ${row.tenant.name}: its defaults and overrides`,
      run: () => editSettings(row.tenant.id),
    });
    if (selectableKey(row) !== null)
      actions.push({ label: 'Delete', name: `Delete ${what} ${on}`, run: () => deleteRow(row), danger: true });
    return actions;
  };

  latest.current = { view, rotate, actionsFor, openExpiry, select };
  const currentRow = view.row ? (sorted.find((r) => r.key === view.row) ?? null) : null;

  const deleteSelected = () =>
    setDeleting({
      items: visibleSelection.map((r) =>
        r.config
          ? { tenantId: r.tenant.id, kind: 'config' as const, id: r.config.id }
          : { tenantId: r.tenant.id, kind: 'credential' as const, id: r.credential!.id },
      ),
    });

  return (
    <>
      <ScreenHeader title="Inventory" subtitle="Every credential, LLM config, default and override of your tenants, side by side." />
      <SweepAlertsNotice />
      <div className="toolbar inventory-toolbar">
        {refreshJob ? (
          <button type="button" className="button" onClick={() => void cancelJob(refreshJob.id)}>
            Cancel refresh ({refreshJob.done}/{refreshJob.total})
          </button>
        ) : (
          <button
            type="button"
            className="button primary"
            onClick={() => void inventory.refresh(chosen.map((t) => t.id))}
            disabled={chosen.length === 0}
          >
            {chosen.length === tenants.length ? `Refresh all ${chosen.length}` : `Refresh ${chosen.length} chosen`}
          </button>
        )}
        {sweepJob ? (
          <button type="button" className="button" onClick={() => void cancelJob(sweepJob.id)}>
            Cancel health sweep ({sweepJob.done}/{sweepJob.total})
          </button>
        ) : (
          <button
            type="button"
            className="button"
            onClick={() => void inventory.sweep(chosen.map((t) => t.id))}
            disabled={chosen.length === 0}
            title="Validates every credential by listing its models: no inference call is made"
          >
            Health sweep
          </button>
        )}
        <button type="button" className="button" onClick={() => exportAs('csv')} disabled={sorted.length === 0}>
          Export CSV
        </button>
        <button type="button" className="button" onClick={() => exportAs('json')} disabled={sorted.length === 0}>
          Export JSON
        </button>
        <LeadTimeControl />
        {visibleSelection.length > 0 && (
          <>
            <button type="button" className="button danger" onClick={deleteSelected}>
              Delete {visibleSelection.length} selected…
            </button>
            <button type="button" className="button subtle" onClick={clearSelection}>
              Clear selection
            </button>
          </>
        )}
      </div>

      <TenantStrip
        tenants={chosen}
        states={inventory.tenants}
        now={now}
        onRetry={(id) => void inventory.refresh([id])}
        onSettings={editSettings}
      />

      <div className="tabs" role="tablist" aria-label="Inventory views">
        {inventoryTabs.map((tab) => (
          <button
            key={tab}
            type="button"
            role="tab"
            id={`tab-${tab}`}
            aria-selected={view.tab === tab}
            aria-controls={`panel-${tab}`}
            className="tab"
            onClick={() => view.update({ tab })}
          >
            {tabLabels[tab]}
          </button>
        ))}
      </div>

      <section role="tabpanel" id={`panel-${view.tab}`} aria-labelledby={`tab-${view.tab}`} className="tab-panel">
        {view.tab === 'configs' && (
          <>
            <FiltersBar
              filters={view.filters}
              choices={choices}
              group={view.group}
              shown={sorted.length}
              total={rows.filter((r) => view.filters.showBuiltIns || !r.config?.builtIn).length}
              onFilters={view.setFilters}
              onGroup={(group) => view.update({ group })}
            />
            <ColumnChooser columns={view.columns} onColumns={(columns) => view.update({ columns })} />
            {rows.length === 0 ? (
              <EmptyState heading={chosenStates.some((s) => s.status === 'loading') ? 'Reading your tenants…' : 'Nothing read yet'}>
                <p>
                  {chosenStates.some((s) => s.status === 'loading')
                    ? 'Each tenant appears as soon as it is read.'
                    : 'Refresh to read every credential and config of the chosen tenants.'}
                </p>
              </EmptyState>
            ) : sorted.length === 0 ? (
              <EmptyState heading="Nothing matches">
                <p>No credential or config matches the search and filters.</p>
              </EmptyState>
            ) : (
              <div className={`inventory-split ${currentRow ? 'with-details' : ''}`}>
                <InventoryTable
                  items={items}
                  sort={view.sort}
                  selected={selected}
                  columns={view.columns}
                  current={currentRow?.key ?? null}
                  clock={clock}
                  {...tableHandlers}
                />
                {currentRow && (
                  <DetailsPanel
                    row={currentRow}
                    rows={rows}
                    states={states}
                    tenants={tenants}
                    clock={clock}
                    actions={actionsFor(currentRow)}
                    onShowRow={(row) => view.update({ row })}
                    onShowSettings={editSettings}
                    onClose={() => view.update({ row: null })}
                  />
                )}
              </div>
            )}
          </>
        )}
        {view.tab === 'coverage' && (
          <CoverageMatrix
            states={chosenStates}
            tenants={chosen}
            baseline={view.baseline}
            onBaseline={(baseline) => view.update({ baseline })}
          />
        )}
        {view.tab === 'settings' && (
          <>
            <SettingsMatrix
              states={chosenStates}
              tenants={chosen}
              baseline={view.baseline}
              onBaseline={(baseline) => view.update({ baseline })}
              onEdit={setEditing}
              editing={editing}
            />
            {editing && inventory.tenants[editing] && tenants.find((t) => t.id === editing) && (
              <TenantSettings
                tenant={tenants.find((t) => t.id === editing)!}
                state={inventory.tenants[editing]!}
                onClose={() => setEditing(null)}
              />
            )}
          </>
        )}
      </section>

      {expiryOf && <ExpiryDialog target={expiryOf} onClose={() => setExpiryOf(null)} />}
      {deleting && (
        <DeleteDialog
          request={deleting}
          states={inventory.tenants}
          tenants={tenants}
          onClose={() => {
            setDeleting(null);
            clearSelection();
          }}
        />
      )}
    </>
  );
}
