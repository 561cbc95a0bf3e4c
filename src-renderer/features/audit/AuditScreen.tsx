import { useShallow } from 'zustand/react/shallow';
// Every change BYOM Desk made, or tried, on a tenant: filtered in main, shown newest first, updated
// live as entries are written, exported as CSV or JSON. An entry never holds a secret.
import { useEffect, useMemo, useState } from 'react';
import { maxAuditListLimit, type AuditEntry } from '../../../src-shared/audit';
import { auditToCsv, auditToJson } from '../../../src-shared/audit-export';
import type { TenantEnvironment } from '../../../src-shared/tenant-profile';
import { AuditFilters } from './AuditFilters';
import { AuditTable } from './AuditTable';
import { auditFilterOf, isFiltered, noAuditFilter, useAuditView } from './view-state';
import { asAppError } from '../../bridge';
import { download, exportStamp } from '../../components/download';
import { useAppStore } from '../../app/app-store';
import { useAuditStore } from './audit-store';
import { useTenantsStore } from '../tenants/tenants-store';
import { EmptyState, ScreenHeader } from '../../components/ScreenHeader';
import '../inventory/inventory.css';
import './audit.css';
import { showFailure } from '../../app/failures';

export function AuditScreen() {
  const view = useAuditView();
  const { list, error, load, follow } = useAuditStore(
    useShallow((s) => ({ list: s.list, error: s.error, load: s.load, follow: s.follow })),
  );
  const {
    profiles,
    loaded: profilesLoaded,
    load: loadProfiles,
  } = useTenantsStore(useShallow((s) => ({ profiles: s.profiles, loaded: s.loaded, load: s.load })));
  const goTo = useAppStore((s) => s.goTo);
  const showError = useAppStore((s) => s.showError);
  const dataDir = useAppStore((s) => s.appInfo?.dataDir);

  const filter = useMemo(() => auditFilterOf(view, profiles), [view, profiles]);
  const filterKey = JSON.stringify(filter);
  // A list that cannot be read must not hold the log back: it is then asked without the labels' tenants.
  const [profilesFailed, setProfilesFailed] = useState(false);
  useEffect(() => {
    if (!profilesLoaded)
      loadProfiles().catch((error: unknown) => {
        setProfilesFailed(true);
        showFailure(error);
      });
    return follow();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, when the screen opens: the store's actions are stable
  }, []);
  // Chosen labels name tenants only once the profiles are known: until then, nothing is asked.
  const waitForProfiles = view.labels.length > 0 && !profilesLoaded && !profilesFailed;
  useEffect(() => {
    if (!waitForProfiles) void load(filter);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the filter's value, not its identity, decides
  }, [filterKey, waitForProfiles]);

  const environments = useMemo(() => new Map<string, TenantEnvironment>(profiles.map((p) => [p.id, p.environment])), [profiles]);
  // Removed tenants keep their entries, so they stay choosable while their entries are shown.
  const tenantChoices = useMemo(() => {
    const choices = new Map(profiles.map((p) => [p.id, p.name]));
    for (const e of list?.entries ?? []) if (!choices.has(e.tenantId)) choices.set(e.tenantId, `${e.tenantName} (removed)`);
    for (const id of view.tenantIds) if (!choices.has(id)) choices.set(id, id);
    return [...choices].map(([id, name]) => ({ id, name }));
  }, [profiles, list, view.tenantIds]);

  const exportAs = async (format: 'csv' | 'json') => {
    if (!list) return;
    try {
      // The whole filtered view, beyond the rows loaded for the table.
      const entries: AuditEntry[] =
        list.entries.length < list.total
          ? (await useAuditStore.getState().listEntries({ ...filter, limit: maxAuditListLimit })).entries
          : list.entries;
      const text = format === 'csv' ? auditToCsv(entries) : auditToJson(entries, filter, new Date().toISOString());
      download(`byom-audit-${exportStamp()}.${format}`, format === 'csv' ? 'text/csv' : 'application/json', text);
    } catch (failure) {
      showError(asAppError(failure));
    }
  };

  const skipped = list?.skippedLines ?? [];
  return (
    <>
      <ScreenHeader
        title="Audit log"
        subtitle="Every change BYOM Desk made on a tenant: setups, deletes, defaults, overrides and sweeps. Never a secret."
      />
      <div className="toolbar">
        <button type="button" className="button" onClick={() => void exportAs('csv')} disabled={!list?.total}>
          Export CSV
        </button>
        <button type="button" className="button" onClick={() => void exportAs('json')} disabled={!list?.total}>
          Export JSON
        </button>
      </div>
      {skipped.length > 0 && (
        <div className="notice" role="status">
          <p>
            {skipped.length === 1 ? 'One line' : `${skipped.length} lines`} of the audit log could not be read (
            {skipped.map((s) => `line ${s.line}: ${s.reason}`).join('; ')}), most likely a write cut short when the app stopped. Every other
            entry is shown; the file
            {dataDir ? ` (${dataDir}/audit-log.jsonl)` : ''} is left as it is.
          </p>
        </div>
      )}
      {list?.unwritten && (
        <p className="inline-error" role="alert">
          {list.unwritten.message}
        </p>
      )}
      {error && (
        <p className="inline-error" role="alert">
          {error.message}
        </p>
      )}
      <AuditFilters view={view} tenants={tenantChoices} shown={list?.entries.length ?? 0} total={list?.total ?? 0} onChange={view.update} />
      {!list ? null : list.total > 0 ? (
        <AuditTable entries={list.entries} environments={environments} />
      ) : isFiltered(view) ? (
        <EmptyState heading="Nothing matches">
          <p>No entry matches the search and filters.</p>
          <button type="button" className="button" onClick={() => view.update(noAuditFilter)}>
            Clear filters
          </button>
        </EmptyState>
      ) : (
        <EmptyState heading="Nothing recorded yet">
          <p>
            Each change BYOM Desk makes on a tenant is written here as it happens. Set up a provider on a tenant, or change something in the
            Inventory, and it appears at once.
          </p>
          <div className="button-row">
            <button type="button" className="button primary" onClick={() => goTo('setup')}>
              Go to Setup
            </button>
            <button type="button" className="button" onClick={() => goTo('inventory')}>
              Go to Inventory
            </button>
          </div>
        </EmptyState>
      )}
    </>
  );
}
