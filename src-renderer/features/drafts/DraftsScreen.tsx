import { useShallow } from 'zustand/react/shallow';
import { useEffect, useState } from 'react';
import { DraftEditor } from './DraftEditor';
import { DraftList } from './DraftList';
import { PlanPanel } from './PlanPanel';
import { useDraftsStore } from './drafts-store';
import { useInventoryStore } from '../inventory/inventory-store';
import { useJobsStore } from '../../app/jobs-store';
import { useTenantsStore } from '../tenants/tenants-store';
import './drafts.css';
import { EmptyState, ScreenHeader } from '../../components/ScreenHeader';
import { showFailureOf } from '../../app/failures';

export function DraftsScreen() {
  const { drafts, loaded, openId, creating, load, startNew } = useDraftsStore(
    useShallow((s) => ({ drafts: s.drafts, loaded: s.loaded, openId: s.openId, creating: s.creating, load: s.load, startNew: s.startNew })),
  );
  const loadTenants = useTenantsStore((s) => s.load);
  const tenantsLoaded = useTenantsStore((s) => s.loaded);
  const attachInventory = useInventoryStore((s) => s.attach);
  const attachJobs = useJobsStore((s) => s.attach);
  const [dirty, setDirty] = useState(false);

  useEffect(() => {
    void load();
    void attachJobs();
    // The last inventory suggests model IDs; read from the cache, never from the network here.
    void attachInventory();
    if (!tenantsLoaded) showFailureOf(loadTenants());
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  const draft = drafts.find((d) => d.id === openId) ?? null;
  return (
    <>
      <ScreenHeader title="Drafts" subtitle="Provider setups written with no network, planned, then applied to many tenants at once." />
      {!loaded ? (
        <p className="muted">Loading drafts…</p>
      ) : (
        <div className="drafts-layout">
          <DraftList />
          <div className="draft-main">
            {draft || creating ? (
              <>
                <DraftEditor draft={creating ? null : draft} onDirtyChange={setDirty} />
                {draft && !creating && <PlanPanel key={`plan-${draft.id}`} draft={draft} dirty={dirty} />}
              </>
            ) : (
              <EmptyState heading={drafts.length ? 'Open a draft' : 'No drafts yet'}>
                <p>
                  Write a provider setup once, with no network if need be, then plan it against your tenants and apply it to all of them.
                </p>
                <p>
                  <button type="button" className="button primary" onClick={startNew}>
                    New draft
                  </button>{' '}
                  or <strong>Import…</strong> a draft file, or use <strong>Make a draft from this</strong> on a credential in the Inventory.
                </p>
              </EmptyState>
            )}
          </div>
        </div>
      )}
    </>
  );
}
