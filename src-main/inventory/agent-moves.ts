// Re-pointing agents: an agent names its LLM config by id, so a config that is deleted or replaced
// strands every agent on it. The deletion and the rotation fallback move them first, one PATCH of
// `llm_config_id` per agent, each in the audit log (agent id and name, both config ids; no body).
import type { AuditEntryInput } from '../../src-shared/audit';
import type { InventoryAgent } from '../../src-shared/inventory';
import type { AgentMoveView } from '../../src-shared/inventory-actions';
import type { AlationClient } from '../alation/client';
import { auditFailure } from '../audit/audit-log';

/** An audit entry without what the caller's context adds (tenant, source, job). */
export type AgentAudit = (entry: Omit<AuditEntryInput, 'tenantId' | 'source' | 'jobId'>) => unknown;

/** One agent to move: from the config it names now to another. */
export type AgentMove = AgentMoveView;

/** Which agents leave each config: every agent that names one of `targets`' keys now goes to its value. */
export function plannedMoves(
  agents: readonly InventoryAgent[],
  targets: ReadonlyMap<string, { id: string; name: string | null }>,
  nameOf: (configId: string) => string | null,
): AgentMove[] {
  return agents.flatMap((a) => {
    const to = a.configId ? targets.get(a.configId) : undefined;
    if (!a.configId || !to) return [];
    const from = { fromConfigId: a.configId, fromConfigName: nameOf(a.configId) };
    return [{ agentId: a.id, agentName: a.name, ...from, toConfigId: to.id, toConfigName: to.name }];
  });
}

const configText = (id: string, name: string | null) => (name ? `“${name}” (${id})` : id);

/** PATCHes the agent onto `toConfigId` and records it; the tenant's refusal is recorded, then thrown. */
export async function moveAgent(
  client: AlationClient,
  move: AgentMove,
  audit: AgentAudit,
  options: { signal?: AbortSignal; why: string },
): Promise<void> {
  const objects: AuditEntryInput['objects'] = [
    { kind: 'agent', id: move.agentId, name: move.agentName },
    { kind: 'config', id: move.fromConfigId, name: move.fromConfigName },
    { kind: 'config', id: move.toConfigId, name: move.toConfigName },
  ];
  const from = configText(move.fromConfigId, move.fromConfigName);
  const said = `From config ${from} to ${configText(move.toConfigId, move.toConfigName)}: ${options.why}`;
  try {
    const calls = options.signal ? { signal: options.signal } : undefined;
    await client.patchAgentLlmConfig(move.agentId, { llm_config_id: move.toConfigId }, calls);
  } catch (error) {
    const failed = auditFailure(error);
    audit({ action: 'agent.repoint', objects, ...failed, message: `${said}. ${failed.message}` });
    throw error;
  }
  audit({ action: 'agent.repoint', objects, outcome: 'ok', message: said });
}

/** The same move the other way: from where `move` put the agent back to where it was. */
export function reversed(move: AgentMove): AgentMove {
  const { fromConfigId, fromConfigName, toConfigId, toConfigName } = move;
  return { ...move, fromConfigId: toConfigId, fromConfigName: toConfigName, toConfigId: fromConfigId, toConfigName: fromConfigName };
}

/** “Data helper”, “SQL bot”: how a report or an entry names agents. */
export const quotedNames = (names: readonly string[]) => names.map((n) => `“${n}”`).join(', ');
