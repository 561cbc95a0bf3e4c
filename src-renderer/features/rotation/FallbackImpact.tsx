// What the rotation fallback changes on one tenant besides the key: the configs that get new ids,
// the agents re-pointed to them, the default and the overrides that move. Read from the tenant's
// last inventory (read again after the attempt that found no PATCH).
import type { TenantInventory } from '../../../src-shared/inventory';
import type { RotationMatch } from '../../../src-shared/rotation';
import type { RotationTargetView } from './RotationReport';

const unlisted = 'this tenant does not list its agents: re-point any agent on these configs by hand';
const unread = 'its agents were not read yet: refresh the inventory to see which move';

export function FallbackImpact(props: {
  report: RotationTargetView;
  match: RotationMatch | undefined;
  inventory: TenantInventory | null;
  tenantName: string;
}) {
  const { report, match, inventory, tenantName } = props;
  const configs = match?.configs ?? [];
  const ids = new Set(configs.map((c) => c.id));
  const pref = inventory?.preference;
  const overrides = (inventory?.overrides ?? []).filter((o) => ids.has(o.configId));
  const agents = inventory?.agents?.filter((a) => a.configId !== null && ids.has(a.configId)) ?? [];
  return (
    <li>
      {tenantName}, “{report.name}”: {configs.length === 0 ? 'no configs' : configs.map((c) => `“${c.name}”`).join(', ')}
      {agents.length > 0 && (
        <>
          ; {agents.length === 1 ? 'the agent that moves' : `the ${agents.length} agents that move`}:{' '}
          {agents.map((a) => `“${a.name || a.id}”`).join(', ')}
        </>
      )}
      {configs.length > 0 && inventory?.agents === null && `; ${unlisted}`}
      {configs.length > 0 && inventory && inventory.agents === undefined && `; ${unread}`}
      {pref?.defaultLlmConfigId && ids.has(pref.defaultLlmConfigId) && '; the default LLM moves'}
      {overrides.length > 0 && `; feature overrides move: ${overrides.map((o) => `${o.featureType}/${o.featureKey}`).join(', ')}`}
      {pref?.defaultEmbeddingConfigId && ids.has(pref.defaultEmbeddingConfigId) && (
        <>
          ;{' '}
          <strong className="danger-text">the default embedding moves: the tenant deletes its search indexes and builds them again</strong>
        </>
      )}
    </li>
  );
}
