// The agents of one config about to be deleted: named, then either moved to another config of the
// same tenant and kind (chosen here), or left on the deleted config, said to stop working. Nothing
// is chosen for the user: the deletion waits until each config with agents has an answer.
import type { InventoryAgent, InventoryConfig } from '../../../src-shared/inventory';
import { plural } from '../../../src-shared/plural';

export interface AgentChoiceValue {
  mode: 'move' | 'leave' | null;
  /** The config chosen to move them to ('' until one is). */
  moveTo: string;
}

export const noChoice: AgentChoiceValue = { mode: null, moveTo: '' };

/** The choice is complete: leave, or move to one of `targets`. */
export function choiceMade(value: AgentChoiceValue, targets: readonly InventoryConfig[]): boolean {
  return value.mode === 'leave' || (value.mode === 'move' && targets.some((t) => t.id === value.moveTo));
}

const configLabel = (c: InventoryConfig) => `${c.name} (${c.modelName ?? c.provider}${c.builtIn ? ', built-in' : ''})`;

export function AgentChoice(props: {
  config: InventoryConfig;
  tenantName: string;
  agents: InventoryAgent[];
  targets: InventoryConfig[];
  value: AgentChoiceValue;
  onChange(value: AgentChoiceValue): void;
}) {
  const { config, tenantName, agents, targets, value, onChange } = props;
  const group = `agents-${config.id}`;
  const kind = config.isEmbedding ? 'embedding' : 'completion';
  const one = agents.length === 1;
  return (
    <fieldset className="agent-choice" aria-label={`Agents of ${config.name} on ${tenantName}`}>
      <legend>
        Used by {plural(agents.length, 'agent')}: {agents.map((a) => `“${a.name || a.id}”`).join(', ')}
      </legend>
      <div className="agent-choice-move">
        <label className="radio">
          <input
            type="radio"
            name={group}
            checked={value.mode === 'move'}
            disabled={targets.length === 0}
            onChange={() => onChange({ ...value, mode: 'move' })}
          />
          Move {one ? 'it' : 'them'} to
        </label>
        {targets.length > 0 ? (
          <select
            aria-label={`Config to move the agents of ${config.name} on ${tenantName} to`}
            value={value.moveTo}
            onChange={(e) => onChange({ mode: e.target.value ? 'move' : value.mode, moveTo: e.target.value })}
          >
            <option value="">Choose a {kind} config…</option>
            {targets.map((c) => (
              <option key={c.id} value={c.id}>
                {configLabel(c)}
              </option>
            ))}
          </select>
        ) : (
          <span className="muted">
            no other {kind} config on {tenantName} that stays
          </span>
        )}
      </div>
      <label className="radio">
        <input type="radio" name={group} checked={value.mode === 'leave'} onChange={() => onChange({ ...value, mode: 'leave' })} />
        Leave {one ? 'it' : 'them'} on “{config.name}”: once it is deleted, {one ? 'that agent stops' : 'those agents stop'} working
      </label>
    </fieldset>
  );
}
