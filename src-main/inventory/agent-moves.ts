// Re-pointing agents: an agent names its LLM config by id, so a config that is deleted or replaced
// strands every agent on it. The deletion and the rotation fallback move them first, one PATCH of
// `llm_config_id` per agent, each a step of the operation (journaled with its undo, the move back,
// before it is sent; audited with the agent and both configs; never a body).
import type { InventoryAgent } from '../../src-shared/inventory';
import type { AlationClient } from '../alation/client';
import type { TenantOperation } from '../tenant-ops';

/** One agent to move: from the config it names now to another. */
export interface AgentMove {
  agentId: string;
  agentName: string;
  fromConfigId: string;
  fromConfigName: string | null;
  toConfigId: string;
  toConfigName: string | null;
}

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

/** PATCHes the agent onto `toConfigId` through the operation; the tenant's refusal is thrown (journaled and audited first). */
export async function moveAgent(
  tenant: TenantOperation,
  client: AlationClient,
  move: AgentMove,
  options: { signal?: AbortSignal; why: string; key: string },
): Promise<void> {
  const from = configText(move.fromConfigId, move.fromConfigName);
  await tenant.write(
    {
      action: 'agent.repoint',
      object: { kind: 'agent', id: move.agentId, name: move.agentName },
      alsoNames: [
        { kind: 'config', id: move.fromConfigId, name: move.fromConfigName },
        { kind: 'config', id: move.toConfigId, name: move.toConfigName },
      ],
      step: 'agent',
      key: options.key,
      label: { done: `Moved agent “${move.agentName}” to “${move.toConfigName ?? move.toConfigId}”` },
      message: `From config ${from} to ${configText(move.toConfigId, move.toConfigName)}: ${options.why}`,
      // Back to where it was, from where this step puts it.
      undo: {
        kind: 'move-agent',
        agentId: move.agentId,
        agentName: move.agentName,
        fromConfigId: move.toConfigId,
        fromConfigName: move.toConfigName,
        toConfigId: move.fromConfigId,
        toConfigName: move.fromConfigName,
      },
    },
    () =>
      client.patchAgentLlmConfig(move.agentId, { llm_config_id: move.toConfigId }, options.signal ? { signal: options.signal } : undefined),
  );
}

/** “Data helper”, “SQL bot”: how a report or an entry names agents. */
export const quotedNames = (names: readonly string[]) => names.map((n) => `“${n}”`).join(', ');
