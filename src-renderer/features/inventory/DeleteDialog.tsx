// Deleting from the inventory: one question for everything chosen, listing exactly what goes and
// where, what each tenant loses with it (a default that falls back to Alation's, overrides dropped,
// the agents of each config: moved to another config or left to stop working), and, for a
// production tenant, its name typed. Then the job's report, item by item.
import { useMemo, useState } from 'react';
import { deletionImpact } from '../../../src-shared/drift';
import type { AppErrorShape } from '../../../src-shared/errors';
import { agentsOnConfig, type TenantInventoryState } from '../../../src-shared/inventory';
import { agentMoveTargets, type AgentDecision, type DeletionItem } from '../../../src-shared/inventory-actions';
import type { OperationTarget } from '../../../src-shared/tenant-operation';
import type { InventoryTenant } from '../../../src-shared/inventory-rows';
import { useTypedNameEnvironments } from '../../components/ProductionNames';
import { needsTypedName } from '../../../src-shared/app-settings';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { TenantBadge } from '../../components/TenantBadge';
import { useInventoryStore } from './inventory-store';
import { useJobOf } from '../../app/jobs-store';
import { plural } from '../../../src-shared/plural';
import { AgentChoice, choiceMade, noChoice, type AgentChoiceValue } from './AgentChoice';

export interface DeleteRequest {
  items: DeletionItem[];
  /** A config whose credential could go too: offered, not chosen. */
  offerCredential?: { tenantId: string; credentialId: string };
}

export function DeleteDialog({
  request,
  states,
  tenants,
  onClose,
}: {
  request: DeleteRequest;
  states: Record<string, TenantInventoryState>;
  tenants: InventoryTenant[];
  onClose(): void;
}) {
  const remove = useInventoryStore((s) => s.remove);
  const typedNameEnvironments = useTypedNameEnvironments();
  const isProduction = (t: InventoryTenant) => needsTypedName(t.environment, typedNameEnvironments);
  const [withCredential, setWithCredential] = useState(false);
  const [typed, setTyped] = useState<Record<string, string>>({});
  /** What becomes of each config's agents, by item key. */
  const [choices, setChoices] = useState<Record<string, AgentChoiceValue>>({});
  const [jobId, setJobId] = useState<string | null>(null);
  /** What was confirmed, with its names: the tenant is read again afterwards, and those are gone from it. */
  const [confirmed, setConfirmed] = useState<{ items: DeletionItem[]; labels: Record<string, string> } | null>(null);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [busy, setBusy] = useState(false);
  const job = useJobOf(jobId, 'delete');

  const offered = request.offerCredential;
  const offeredInventory = offered ? states[offered.tenantId]?.inventory : undefined;
  const offeredConfigs = useMemo(
    () => (offered && offeredInventory ? offeredInventory.configs.filter((c) => c.credentialId === offered.credentialId) : []),
    [offered, offeredInventory],
  );
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
  // Each config with agents (as last read), where they may go, and what the user chose for them.
  const withAgents = items.flatMap((i) => {
    const inventory = states[i.tenantId]?.inventory;
    const agents = i.kind === 'config' && inventory ? (agentsOnConfig(inventory, i.id) ?? []) : [];
    const config = inventory?.configs.find((c) => c.id === i.id);
    if (!inventory || !config || agents.length === 0) return [];
    const deleting = new Set(items.filter((x) => x.tenantId === i.tenantId && x.kind === 'config').map((x) => x.id));
    const choice = choices[itemKey(i)] ?? noChoice;
    return [{ item: i, config, agents, targets: agentMoveTargets(inventory, i.id, deleting), choice }];
  });
  const undecided = withAgents.filter((w) => !choiceMade(w.choice, w.targets)).length;
  const decisions: AgentDecision[] = withAgents.map((w) => ({
    tenantId: w.item.tenantId,
    configId: w.item.id,
    moveTo: w.choice.mode === 'move' ? w.choice.moveTo : null,
  }));
  const ready = needsName.every((t) => typed[t.id]?.trim() === t.name) && undecided === 0;
  const finished = job && job.status !== 'running';

  const start = async () => {
    setBusy(true);
    setError(null);
    setConfirmed({ items, labels: Object.fromEntries(items.map((i) => [itemKey(i), itemLabel(i, states[i.tenantId])])) });
    const started = await remove(items, Object.fromEntries(needsName.map((t) => [t.id, typed[t.id] ?? ''])), decisions);
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
            // Each item's end: a line of the tenant's report, the report every operation makes.
            const outcomes = job?.tenants[t.id]?.result?.targets;
            return (
              <section key={t.id} className="delete-tenant" aria-label={`To delete on ${t.name}`}>
                <h3>
                  <TenantBadge name={t.name} environment={t.environment} />
                </h3>
                <ul>
                  {[...configs, ...mine.filter((i) => i.kind === 'credential')].map((i) => {
                    const outcome = outcomes?.find((o) => o.id === i.id && o.kind === i.kind);
                    const agents = jobId ? undefined : withAgents.find((w) => w.item === i);
                    return (
                      <li key={`${i.kind}:${i.id}`} className={outcome ? `outcome-${outcome.outcome}` : ''}>
                        {label(i)}
                        {outcome && <span className="outcome"> · {outcomeText(outcome)}</span>}
                        {agents && (
                          <AgentChoice
                            config={agents.config}
                            tenantName={t.name}
                            agents={agents.agents}
                            targets={agents.targets}
                            value={agents.choice}
                            onChange={(value) => setChoices((c) => ({ ...c, [itemKey(i)]: value }))}
                          />
                        )}
                      </li>
                    );
                  })}
                </ul>
                {!jobId && impact.defaults.length > 0 && (
                  <p className="warning">
                    The {impact.defaults.join(' and ')} of {t.name} falls back to Alation’s default.
                  </p>
                )}
                {!jobId && impact.overrides.length > 0 && (
                  <p className="warning">These feature overrides are dropped: {impact.overrides.join(', ')}.</p>
                )}
                {!jobId && configs.length > 0 && inventory && !inventory.agents && (
                  <p className="muted">{agentsUnknown(t.name, inventory.agents, configs.length)}</p>
                )}
                {!jobId && isProduction(t) && (
                  <label className="confirm-name">
                    {t.name} is a production tenant. Type its name to confirm:
                    <input
                      value={typed[t.id] ?? ''}
                      onChange={(e) => setTyped((x) => ({ ...x, [t.id]: e.target.value }))}
                      aria-label={`Type ${t.name} to confirm`}
                      spellCheck={false}
                    />
                  </label>
                )}
                {job?.tenants[t.id]?.status === 'running' && (
                  <p className="muted">
                    Deleting… {job.tenants[t.id]!.done} of {mine.length}
                  </p>
                )}
              </section>
            );
          })}
          {!jobId && offered && offeredConfigs.length > 0 && (
            <label className="checkbox">
              <input type="checkbox" checked={withCredential} onChange={(e) => setWithCredential(e.target.checked)} />
              Also delete its credential “{offeredInventory?.credentials.find((c) => c.id === offered.credentialId)?.name}” and all{' '}
              {offeredConfigs.length} of its configs (configs first, then the credential)
            </label>
          )}
          {!jobId && undecided > 0 && (
            <p className="warning" role="status">
              Choose what happens to the agents of {undecided === 1 ? 'the config above' : `${undecided} configs above`} before deleting.
            </p>
          )}
          {error && <p className="inline-error">{error.message}</p>}
        </div>
      }
    >
      {!jobId ? (
        <>
          <button
            type="button"
            className="button danger"
            onClick={() => void start()}
            disabled={!ready || busy}
            data-autofocus={needsName.length ? undefined : true}
          >
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

/** A tenant whose agents are not known: no agent API (null), or not read yet (undefined). */
function agentsUnknown(tenantName: string, agents: null | undefined, configCount: number): string {
  const these = configCount === 1 ? 'this config' : 'these configs';
  return agents === null
    ? `${tenantName} does not list its agents, so BYOM Desk cannot tell which agents use ${these}: any that does stops working.`
    : `The agents of ${tenantName} were not read yet: refresh its inventory to see which agents use ${these}.`;
}

/** An item's end in words: main says what went with it (agents moved or left) or why it was not deleted. */
function outcomeText(o: OperationTarget): string {
  const more = o.message ? `; ${o.message}` : '';
  if (o.outcome === 'deleted') return `deleted${more}`;
  if (o.outcome === 'gone') return `was already gone${more}`;
  // Main's own reasons (an agent that could not be moved, and which moved before) start with "Not deleted".
  const message = o.message ?? 'the tenant refused';
  return message.startsWith('Not deleted: ') ? `not deleted: ${message.slice('Not deleted: '.length)}` : `not deleted: ${message}`;
}
