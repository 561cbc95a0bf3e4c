// Which agents use a config: a count in the row, the names on demand. The names open in a popover
// (the browser's own: the top layer, so the windowed row's fixed height never clips it; Escape or
// a click elsewhere closes it, and focus stays on the button that opened it).
import { useId } from 'react';
import type { InventoryRow } from '../../../src-shared/inventory-rows';
import { plural } from '../../../src-shared/plural';

const unknownTitle = "This tenant's agents are not known: it has no agent API, or the inventory was read before BYOM Desk read agents.";

export function AgentsCell({ row }: { row: InventoryRow }) {
  const id = useId();
  if (!row.config) return null;
  if (row.agents === null) {
    return (
      <span className="muted" title={unknownTitle}>
        –
      </span>
    );
  }
  // None, like an override count of none: blank, so the configs that have agents stand out.
  if (row.agents.length === 0) return null;
  const popoverId = `agents-${id.replace(/:/g, '')}`;
  return (
    <>
      <button
        type="button"
        className="agents-count"
        popoverTarget={popoverId}
        aria-label={`${plural(row.agents.length, 'agent')} use ${row.config.name} on ${row.tenant.name}: show their names`}
      >
        {plural(row.agents.length, 'agent')}
      </button>
      <div
        id={popoverId}
        popover="auto"
        className="agents-popover"
        role="group"
        aria-label={`Agents that use ${row.config.name} on ${row.tenant.name}`}
      >
        <p className="agents-popover-title">Agents that use “{row.config.name}”</p>
        <ul>
          {row.agents.map((a) => (
            <li key={a.id}>{a.name || <span className="muted">(no name) {a.id}</span>}</li>
          ))}
        </ul>
      </div>
    </>
  );
}
