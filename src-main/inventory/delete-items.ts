// Deleting from the inventory, on one tenant: configs first, then credentials (the tenant refuses a
// credential that configs still use). Before a config goes, the agents that name it are moved to
// the config the user chose, or left on it where the user confirmed that; a move that fails keeps
// the config. The agents are those the tenant lists now, not those the dialog showed. Every write
// is a step of the operation (journaled, audited, counted; a move with its undo), and each item's
// end is a line of the report's `targets`.
import { AppError, errorShapeOf } from '../../src-shared/errors';
import { agentsOnConfig, type InventoryAgent, type TenantInventory } from '../../src-shared/inventory';
import { agentMoveTargets, type AgentDecision, type DeletionItem, type DeletionOutcomeWord } from '../../src-shared/inventory-actions';
import { plural } from '../../src-shared/plural';
import type { OperationTarget } from '../../src-shared/tenant-operation';
import type { AlationClient } from '../alation/client';
import { readAgents, type TenantOperation } from '../tenant-ops';
import { moveAgent, plannedMoves, quotedNames, type AgentMove } from './agent-moves';

/**
 * Refuses, before anything is sent, a deletion that would strand agents without the user having
 * said so: each config with agents (as last read) needs a decision, and a move goes to a config
 * the dialog could offer.
 */
export function checkAgentDecisions(
  tenantName: string,
  inventory: TenantInventory,
  items: readonly DeletionItem[],
  decisions: readonly AgentDecision[],
): void {
  const deleting = new Set(items.filter((i) => i.kind === 'config').map((i) => i.id));
  for (const configId of deleting) {
    const config = inventory.configs.find((c) => c.id === configId)!;
    const decision = decisions.find((d) => d.configId === configId);
    const agents = agentsOnConfig(inventory, configId) ?? [];
    if (!decision) {
      if (agents.length === 0) continue;
      const names = quotedNames(agents.map((a) => a.name));
      const used = `“${config.name}” on “${tenantName}” is used by ${plural(agents.length, 'agent')} (${names})`;
      const choose = 'choose a config to move them to, or confirm that they stay on the deleted config and stop working';
      throw new AppError('validation', `${used}: ${choose}.`);
    }
    if (decision.moveTo === null) continue;
    if (!agentMoveTargets(inventory, configId, deleting).some((c) => c.id === decision.moveTo)) {
      const kind = config.isEmbedding ? 'embedding' : 'completion';
      const choose = `choose another ${kind} config of the same tenant that is not being deleted`;
      const agentsOf = `The agents of “${config.name}” on “${tenantName}”`;
      throw new AppError('validation', `${agentsOf} cannot be moved to that config: ${choose}.`);
    }
  }
}

export interface TenantDeletion {
  tenant: TenantOperation;
  client: AlationClient;
  signal: AbortSignal;
  /** The inventory the user confirmed from: names, and where a config's credential is. */
  inventory: TenantInventory | undefined;
  items: readonly DeletionItem[];
  decisions: readonly AgentDecision[];
}

/** The journal key of an item's DELETE: a resume skips the items whose DELETE is done. */
export const deletionKey = (item: Pick<DeletionItem, 'kind' | 'id'>) => `delete:${item.kind}:${item.id}`;

/** Deletes the items on one tenant; each item's end is in the answer (and on the report as it goes). A cancel is thrown. */
export async function deleteOnTenant(d: TenantDeletion): Promise<OperationTarget[]> {
  const { tenant, client, inventory, signal } = d;
  const outcomes: OperationTarget[] = (tenant.report.targets ??= []);
  const nameOf = (item: DeletionItem) =>
    (item.kind === 'config' ? inventory?.configs : inventory?.credentials)?.find((x) => x.id === item.id)?.name ?? item.id;
  const end = (item: DeletionItem, outcome: DeletionOutcomeWord, message?: string) => {
    outcomes.push({ kind: item.kind, id: item.id, name: nameOf(item), outcome, ...(message ? { message } : {}) });
  };
  /** Not sent: said in the report and the audit log, as the tenant's refusal would be. */
  const notDeleted = (item: DeletionItem, code: AppError['code'], message: string) => {
    const action = item.kind === 'config' ? 'config.delete' : 'credential.delete';
    tenant.audit({ action, objects: [{ kind: item.kind, id: item.id, name: nameOf(item) }], outcome: 'failed', errorCode: code, message });
    tenant.record({ step: item.kind, label: `Did not delete ${item.kind} “${nameOf(item)}”`, status: 'skipped', message });
    end(item, 'failed', message);
  };
  const configs = d.items.filter((i) => i.kind === 'config');
  const credentials = d.items.filter((i) => i.kind === 'credential');

  // The agents as the tenant has them now: one made since the dialog must not be stranded unasked.
  let agents: InventoryAgent[] | null = null;
  let agentsUnread: AppError | undefined;
  if (configs.length > 0) {
    try {
      agents = await readAgents(client, { signal });
    } catch (error) {
      if (signal.aborted) throw error;
      agentsUnread = error instanceof AppError ? error : new AppError('server', errorShapeOf(error).message);
    }
  }

  for (const item of configs) {
    const name = nameOf(item);
    if (agentsUnread) {
      notDeleted(item, agentsUnread.code, `Not deleted: the agents that may use it could not be read (${agentsUnread.message})`);
      continue;
    }
    const onIt = (agents ?? []).filter((a) => a.configId === item.id);
    const decision = d.decisions.find((x) => x.configId === item.id);
    if (onIt.length > 0 && !decision) {
      const unasked = `${plural(onIt.length, 'agent')} that the deletion did not ask about (${quotedNames(onIt.map((a) => a.name))})`;
      notDeleted(item, 'conflict', `Not deleted: it is used by ${unasked}. Refresh the inventory and delete it again.`);
      continue;
    }
    let said = '';
    if (onIt.length > 0 && decision?.moveTo) {
      const to = { id: decision.moveTo, name: inventory?.configs.find((c) => c.id === decision.moveTo)?.name ?? null };
      const moves = plannedMoves(onIt, new Map([[item.id, to]]), () => name);
      const moved: AgentMove[] = [];
      try {
        for (const move of moves) {
          await moveAgent(tenant, client, move, {
            signal,
            why: `its config “${name}” is being deleted`,
            key: `agents-of:${item.id}:${move.agentId}`,
          });
          moved.push(move);
        }
      } catch (error) {
        if (signal.aborted) throw error;
        const target = `“${to.name ?? to.id}”`;
        const already = moved.length
          ? ` ${quotedNames(moved.map((m) => m.agentName))} moved already, and ${moved.length === 1 ? 'uses' : 'use'} ${target} now.`
          : '';
        const why = errorShapeOf(error).message.replace(/\.$/, '');
        const stuck = moves[moved.length]!.agentName;
        end(item, 'failed', `Not deleted: agent “${stuck}” could not be moved to ${target} (${why}).${already}`);
        continue;
      }
      said = `${plural(moved.length, 'agent')} moved to ${`“${to.name ?? to.id}”`}`;
    }
    const left = onIt.length > 0 && decision?.moveTo === null ? onIt : [];
    const leftSaid = left.length
      ? `${plural(left.length, 'agent')} left on it, as confirmed (they stop working): ${quotedNames(left.map((a) => a.name))}.`
      : '';
    if (left.length) said = `${plural(left.length, 'agent')} left on it: ${left.length === 1 ? 'it stops' : 'they stop'} working`;
    await deleteOne(
      d,
      item,
      name,
      () => client.deleteLlmConfig(item.id, { signal }),
      leftSaid,
      (outcome, message) => end(item, outcome, [message, said].filter(Boolean).join('; ')),
    );
  }

  for (const item of credentials) {
    // A config of it that stayed (above) would make the tenant refuse: said plainly instead.
    const credentialOf = (configId: string) => inventory?.configs.find((c) => c.id === configId)?.credentialId;
    const kept = outcomes.filter((o) => o.kind === 'config' && o.outcome === 'failed' && credentialOf(o.id) === item.id);
    if (kept.length > 0) {
      const one = kept.length === 1;
      notDeleted(
        item,
        'conflict',
        `Not deleted: its ${one ? 'config' : 'configs'} ${quotedNames(kept.map((k) => k.name))} ${one ? 'is' : 'are'} still on the tenant.`,
      );
      continue;
    }
    await deleteOne(
      d,
      item,
      nameOf(item),
      () => client.deleteCredential(item.id, { signal }),
      '',
      (outcome, message) => end(item, outcome, message),
    );
  }
  return outcomes;
}

/** One DELETE through the operation: deleted, gone already (what was asked for is true), or failed; a cancel is thrown. */
async function deleteOne(
  d: TenantDeletion,
  item: DeletionItem,
  name: string,
  remove: () => Promise<void>,
  message: string,
  ended: (outcome: DeletionOutcomeWord, message: string) => void,
): Promise<void> {
  const label = { done: `Deleted ${item.kind} “${name}”`, failed: `Could not delete ${item.kind} “${name}”` };
  const spec = {
    action: item.kind === 'config' ? ('config.delete' as const) : ('credential.delete' as const),
    object: { kind: item.kind, id: item.id, name },
    undo: null,
  };
  try {
    const how = await d.tenant.write(
      {
        ...spec,
        step: item.kind,
        key: deletionKey(item),
        label,
        ...(message ? { message } : {}),
        outcomeOf: (r: 'deleted' | 'gone') => (r === 'gone' ? { label: `${label.done}: it was gone already` } : undefined),
      },
      async () => {
        try {
          await remove();
          return 'deleted' as const;
        } catch (error) {
          if (error instanceof AppError && error.code === 'not_found') return 'gone' as const;
          throw error;
        }
      },
    );
    ended(how, '');
  } catch (error) {
    if (error instanceof AppError && error.code === 'cancelled') throw error;
    ended('failed', `Not deleted: ${errorShapeOf(error).message}`);
  }
}
