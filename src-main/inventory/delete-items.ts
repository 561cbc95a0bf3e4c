// Deleting from the inventory, on one tenant: configs first, then credentials (the tenant refuses a
// credential that configs still use). Before a config goes, the agents that name it are moved to
// the config the user chose, or left on it where the user confirmed that; a move that fails keeps
// the config. The agents are those the tenant lists now, not those the dialog showed.
import type { AuditEntryInput } from '../../src-shared/audit';
import { AppError, errorShapeOf } from '../../src-shared/errors';
import { agentsOnConfig, type InventoryAgent, type TenantInventory } from '../../src-shared/inventory';
import { agentMoveTargets, type AgentDecision, type DeletionItem, type DeletionOutcome } from '../../src-shared/inventory-actions';
import { plural } from '../../src-shared/plural';
import type { AlationClient } from '../alation/client';
import { auditFailure, type AuditRecorder } from '../audit/audit-log';
import type { Logger } from '../log/logger';
import { moveAgent, plannedMoves, quotedNames, type AgentAudit, type AgentMove } from './agent-moves';
import { readAgents } from './read-inventory';

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
      throw new AppError('validation', `The agents of “${config.name}” on “${tenantName}” cannot be moved to that config: ${choose}.`);
    }
  }
}

export interface TenantDeletion {
  client: AlationClient;
  tenantId: string;
  jobId: string;
  signal: AbortSignal;
  /** The inventory the user confirmed from: names, and where a config's credential is. */
  inventory: TenantInventory | undefined;
  items: readonly DeletionItem[];
  decisions: readonly AgentDecision[];
  audit: AuditRecorder | undefined;
  log: Logger;
  /** After each item, with the outcomes so far. */
  onOutcome(outcomes: readonly DeletionOutcome[]): void;
  /** A credential is gone: its expiry goes too. */
  forgetCredential(credentialId: string): void;
}

export async function deleteOnTenant(d: TenantDeletion): Promise<DeletionOutcome[]> {
  const { client, tenantId, inventory, signal } = d;
  const configs = d.items.filter((i) => i.kind === 'config');
  const credentials = d.items.filter((i) => i.kind === 'credential');
  const outcomes: DeletionOutcome[] = [];
  const nameOf = (item: DeletionItem) =>
    (item.kind === 'config' ? inventory?.configs : inventory?.credentials)?.find((x) => x.id === item.id)?.name ?? item.id;
  const record: AgentAudit = (entry) => d.audit?.record({ ...entry, tenantId, jobId: d.jobId, source: 'inventory' });
  const done = (outcome: DeletionOutcome) => {
    outcomes.push(outcome);
    d.audit?.record(deletionEntry(tenantId, d.jobId, outcome));
    d.onOutcome(outcomes);
    d.log.info('inventory.delete', { tenant: tenantId, kind: outcome.kind, id: outcome.id, status: outcome.status });
  };

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
      const message = `Not deleted: the agents that may use it could not be read (${agentsUnread.message})`;
      done({ ...item, name, status: 'failed', error: new AppError(agentsUnread.code, message).toShape() });
      continue;
    }
    const onIt = (agents ?? []).filter((a) => a.configId === item.id);
    const decision = d.decisions.find((x) => x.configId === item.id);
    const extra: Pick<DeletionOutcome, 'agentsMoved' | 'agentsLeft'> = {};
    if (onIt.length > 0 && !decision) {
      const unasked = `${plural(onIt.length, 'agent')} that the deletion did not ask about (${quotedNames(onIt.map((a) => a.name))})`;
      const message = `Not deleted: it is used by ${unasked}. Refresh the inventory and delete it again.`;
      done({ ...item, name, status: 'failed', error: new AppError('conflict', message).toShape() });
      continue;
    }
    if (onIt.length > 0 && decision?.moveTo) {
      const to = { id: decision.moveTo, name: inventory?.configs.find((c) => c.id === decision.moveTo)?.name ?? null };
      const moves = plannedMoves(onIt, new Map([[item.id, to]]), () => name);
      const moved: AgentMove[] = [];
      try {
        for (const move of moves) {
          await moveAgent(client, move, record, { signal, why: `its config “${name}” is being deleted` });
          moved.push(move);
        }
      } catch (error) {
        if (signal.aborted) throw error;
        const stuck = moves[moved.length]!;
        const target = `“${to.name ?? to.id}”`;
        const movedNames = quotedNames(moved.map((m) => m.agentName));
        const already = moved.length ? ` ${movedNames} moved already, and ${moved.length === 1 ? 'uses' : 'use'} ${target} now.` : '';
        const shape = errorShapeOf(error);
        const why = shape.message.replace(/\.$/, '');
        const message = `Not deleted: agent “${stuck.agentName}” could not be moved to ${target} (${why}).${already}`;
        const failure = new AppError(shape.code, message).toShape();
        done({ ...item, name, status: 'failed', error: failure, ...(moved.length ? { agentsMoved: moved } : {}) });
        continue;
      }
      extra.agentsMoved = moved;
    }
    if (onIt.length > 0 && decision?.moveTo === null) extra.agentsLeft = onIt.map((a) => ({ id: a.id, name: a.name }));
    done(await deleteOne(d, item, name, () => client.deleteLlmConfig(item.id, { signal }), extra));
  }

  for (const item of credentials) {
    const name = nameOf(item);
    // A config of it that stayed (above) would make the tenant refuse: said plainly instead.
    const credentialOf = (configId: string) => inventory?.configs.find((c) => c.id === configId)?.credentialId;
    const kept = outcomes.filter((o) => o.kind === 'config' && o.status === 'failed' && credentialOf(o.id) === item.id);
    if (kept.length > 0) {
      const one = kept.length === 1;
      const names = quotedNames(kept.map((k) => k.name));
      const message = `Not deleted: its ${one ? 'config' : 'configs'} ${names} ${one ? 'is' : 'are'} still on the tenant.`;
      done({ ...item, name, status: 'failed', error: new AppError('conflict', message).toShape() });
      continue;
    }
    const outcome = await deleteOne(d, item, name, () => client.deleteCredential(item.id, { signal }), {});
    if (outcome.status !== 'failed') d.forgetCredential(item.id);
    done(outcome);
  }
  return outcomes;
}

/** One DELETE: deleted, gone already (what was asked for is true), or failed; a cancel is thrown. */
async function deleteOne(
  d: TenantDeletion,
  item: DeletionItem,
  name: string,
  remove: () => Promise<void>,
  extra: Partial<DeletionOutcome>,
): Promise<DeletionOutcome> {
  try {
    await remove();
    return { ...item, name, status: 'deleted', ...extra };
  } catch (error) {
    if (error instanceof AppError && error.code === 'cancelled') {
      // Cut off mid-request: it may or may not be gone, so the entry says it was not confirmed.
      d.audit?.record(deletionEntry(d.tenantId, d.jobId, { ...item, name, status: 'failed', error: error.toShape() }));
      throw error;
    }
    if (error instanceof AppError && error.code === 'not_found') return { ...item, name, status: 'gone', ...extra };
    return { ...item, name, status: 'failed', error: errorShapeOf(error), ...extra };
  }
}

/** A deletion's audit entry: one gone already is `ok`, since what was asked for is true. */
function deletionEntry(tenantId: string, jobId: string, outcome: DeletionOutcome): AuditEntryInput {
  const base: Omit<AuditEntryInput, 'outcome'> = {
    tenantId,
    jobId,
    source: 'inventory',
    action: outcome.kind === 'config' ? 'config.delete' : 'credential.delete',
    objects: [{ kind: outcome.kind, id: outcome.id, name: outcome.name }],
  };
  const leftOn = outcome.agentsLeft ?? [];
  const leftNames = quotedNames(leftOn.map((a) => a.name));
  const left = leftOn.length ? ` ${plural(leftOn.length, 'agent')} left on it, as confirmed (they stop working): ${leftNames}.` : '';
  if (outcome.status === 'deleted') return { ...base, outcome: 'ok', ...(left ? { message: left.trim() } : {}) };
  if (outcome.status === 'gone') return { ...base, outcome: 'ok', message: `It was already gone from the tenant.${left}` };
  return { ...base, ...auditFailure(outcome.error) };
}
