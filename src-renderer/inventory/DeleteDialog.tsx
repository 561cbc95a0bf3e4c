// Deleting from the inventory: one question for everything chosen, listing exactly what goes and
// where, what each tenant loses with it (a default that falls back to Alation's, overrides dropped),
// and, for a production tenant, its name typed. Then the job's report, item by item.
import { useMemo, useState } from 'react';
import { deletionImpact } from '../../src-shared/drift';
import type { AppErrorShape } from '../../src-shared/errors';
import type { TenantInventoryState } from '../../src-shared/inventory';
import type { DeletionItem, DeletionOutcome } from '../../src-shared/inventory-actions';
import type { InventoryTenant } from '../../src-shared/inventory-rows';
import { isProductionEnvironment } from '../../src-shared/tenant-profile';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { TenantBadge } from '../components/TenantBadge';
import { useInventoryStore } from '../state/inventory-store';
import { useJobsStore } from '../state/jobs-store';
import { plural } from '../../src-shared/plural';

export interface DeleteRequest {
  items: DeletionItem[];
  /** A config whose credential could go too: offered, not chosen. */
  offerCredential?: { tenantId: string; credentialId: string };
}

const isProduction = (t: InventoryTenant) => isProductionEnvironment(t.environment);

export function DeleteDialog({ request, states, tenants, onClose }: { request: DeleteRequest; states: Record<string, TenantInventoryState>; tenants: InventoryTenant[]; onClose(): void }) {
  const remove = useInventoryStore((s) => s.remove);
  const [withCredential, setWithCredential] = useState(false);
  const [typed, setTyped] = useState<Record<string, string>>({});
  const [jobId, setJobId] = useState<string | null>(null);
  /** What was confirmed, with its names: the tenant is read again afterwards, and those are gone from it. */
  const [confirmed, setConfirmed] = useState<{ items: DeletionItem[]; labels: Record<string, string> } | null>(null);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [busy, setBusy] = useState(false);
  const job = useJobsStore((s) => (jobId ? s.jobs[jobId] : undefined));

  const offered = request.offerCredential;
  const offeredInventory = offered ? states[offered.tenantId]?.inventory : undefined;
  const offeredConfigs = offered && offeredInventory ? offeredInventory.configs.filter((c) => c.credentialId === offered.credentialId) : [];
  const chosen = useMemo(() => {
    const all = [...request.items];
    if (withCredential && offered) {
      for (const c of offeredConfigs) all.push({ tenantId: offered.tenantId, kind: 'config', id: c.id });
      all.push({ tenantId: offered.tenantId, kind: 'credential', id: offered.credentialId });
    }
    const seen = new Set<string>();
    return all.filter((i) => !seen.has(`${i.tenantId}:${i.kind}:${i.id}`) && seen.add(`${i.tenantId}:${i.kind}:${i.id}`));
  }, [request.items, withCredential, offered, offeredConfigs]);
  const items = confirmed?.items ?? chosen;
  const label = (i: DeletionItem) => confirmed?.labels[itemKey(i)] ?? itemLabel(i, states[i.tenantId]);

  const byTenant = tenants.filter((t) => items.some((i) => i.tenantId === t.id));
  const needsName = byTenant.filter(isProduction);
  const ready = needsName.every((t) => typed[t.id]?.trim() === t.name);
  const finished = job && job.status !== 'running';

  const start = async () => {
    setBusy(true);
    setError(null);
    setConfirmed({ items, labels: Object.fromEntries(items.map((i) => [itemKey(i), itemLabel(i, states[i.tenantId])])) });
    const started = await remove(items, Object.fromEntries(needsName.map((t) => [t.id, typed[t.id] ?? ''])));
    setBusy(false);
    if ('error' in started) {
      setError(started.error);
      setConfirmed(null);
    } else setJobId(started.jobId);
  };

  const title = jobId ? (finished ? 'Deleted' : 'Deleting…') : `Delete ${plural(items.length, 'item')}?`;
  return (
    <ConfirmDialog
      title={title}
      busy={busy || Boolean(jobId && !finished)}
      onEscape={onClose}
      text={
        <div className="delete-summary">
          {byTenant.map((t) => {
            const inventory = states[t.id]?.inventory;
            const mine = items.filter((i) => i.tenantId === t.id);
            // Impact and names come from the inventory as it was when the user confirmed.
            const configs = mine.filter((i) => i.kind === 'config');
            const impact = inventory ? deletionImpact(inventory, new Set(configs.map((c) => c.id))) : { defaults: [], overrides: [] };
            const outcomes = (job?.tenants[t.id]?.result as { outcomes?: DeletionOutcome[] } | undefined)?.outcomes;
            return (
              <section key={t.id} className="delete-tenant" aria-label={`To delete on ${t.name}`}>
                <h3>
                  <TenantBadge name={t.name} environment={t.environment} />
                </h3>
                <ul>
                  {[...configs, ...mine.filter((i) => i.kind === 'credential')].map((i) => {
                    const outcome = outcomes?.find((o) => o.id === i.id && o.kind === i.kind);
                    return (
                      <li key={`${i.kind}:${i.id}`} className={outcome ? `outcome-${outcome.status}` : ''}>
                        {label(i)}
                        {outcome && <span className="outcome"> · {outcomeText(outcome)}</span>}
                      </li>
                    );
                  })}
                </ul>
                {!jobId && impact.defaults.length > 0 && <p className="warning">The {impact.defaults.join(' and ')} of {t.name} falls back to Alation’s default.</p>}
                {!jobId && impact.overrides.length > 0 && <p className="warning">These feature overrides are dropped: {impact.overrides.join(', ')}.</p>}
                {!jobId && isProduction(t) && (
                  <label className="confirm-name">
                    {t.name} is a production tenant. Type its name to confirm:
                    <input value={typed[t.id] ?? ''} onChange={(e) => setTyped((x) => ({ ...x, [t.id]: e.target.value }))} aria-label={`Type ${t.name} to confirm`} spellCheck={false} />
                  </label>
                )}
                {job?.tenants[t.id]?.status === 'running' && <p className="muted">Deleting… {job.tenants[t.id]!.done} of {mine.length}</p>}
              </section>
            );
          })}
          {!jobId && offered && offeredConfigs.length > 0 && (
            <label className="checkbox">
              <input type="checkbox" checked={withCredential} onChange={(e) => setWithCredential(e.target.checked)} />
              Also delete its credential “{offeredInventory?.credentials.find((c) => c.id === offered.credentialId)?.name}” and all {offeredConfigs.length} of its
              configs (configs first, then the credential)
            </label>
          )}
          {error && <p className="inline-error">{error.message}</p>}
        </div>
      }
    >
      {!jobId ? (
        <>
          <button type="button" className="button danger" onClick={() => void start()} disabled={!ready || busy} data-autofocus={needsName.length ? undefined : true}>
            {busy ? 'Starting…' : `Delete ${items.length}`}
          </button>
          <button type="button" className="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
        </>
      ) : (
        <button type="button" className="button" onClick={onClose} disabled={!finished}>
          Close
        </button>
      )}
    </ConfirmDialog>
  );
}

const itemKey = (i: DeletionItem) => `${i.tenantId}:${i.kind}:${i.id}`;

function itemLabel(item: DeletionItem, state: TenantInventoryState | undefined): string {
  const inv = state?.inventory;
  if (item.kind === 'config') {
    const c = inv?.configs.find((x) => x.id === item.id);
    return c ? `LLM config “${c.name}” (${c.modelName ?? c.provider})` : `LLM config ${item.id}`;
  }
  const c = inv?.credentials.find((x) => x.id === item.id);
  return c ? `Credential “${c.name}” (${c.credsType})` : `Credential ${item.id}`;
}

function outcomeText(o: DeletionOutcome): string {
  if (o.status === 'deleted') return 'deleted';
  if (o.status === 'gone') return 'was already gone';
  return `not deleted: ${o.error?.message ?? 'the tenant refused'}`;
}
