// Which columns the table shows, in what order and how wide: a checkbox, Move up/down and a width
// per column, all by keyboard (the header's drag handle resizes by pointer). Reset returns to the
// defaults for the window's width.
import { useId, useState } from 'react';
import { columnSpecs } from './inventory-columns';
import { effectiveColumns } from './InventoryTable';
import type { ColumnChoice } from './view-state';

export function ColumnChooser({ columns, onColumns }: { columns: ColumnChoice | null; onColumns(choice: ColumnChoice | null): void }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const choice = effectiveColumns(columns);
  const ordered = [...choice.shown, ...columnSpecs.map((c) => c.id as string).filter((c) => !choice.shown.includes(c))];
  const specOf = (colId: string) => columnSpecs.find((c) => c.id === colId)!;
  const move = (colId: string, by: number) => {
    const shown = [...choice.shown];
    const at = shown.indexOf(colId);
    const to = at + by;
    if (at < 0 || to < 0 || to >= shown.length) return;
    [shown[at], shown[to]] = [shown[to]!, shown[at]!];
    onColumns({ ...choice, shown });
  };
  return (
    <div className="column-chooser">
      <button type="button" className="button" aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)}>
        Columns…
      </button>
      {open && (
        <fieldset id={id} className="column-chooser-panel">
          <legend>Columns shown, in order</legend>
          <ul>
            {ordered.map((colId) => {
              const spec = specOf(colId);
              const shown = choice.shown.includes(colId);
              return (
                <li key={colId}>
                  <label>
                    <input
                      type="checkbox"
                      checked={shown}
                      onChange={(e) =>
                        onColumns({
                          ...choice,
                          shown: e.target.checked ? [...choice.shown, colId] : choice.shown.filter((c) => c !== colId),
                        })
                      }
                    />
                    {spec.label}
                  </label>
                  {shown && (
                    <>
                      <button
                        type="button"
                        className="button subtle"
                        aria-label={`Move ${spec.label} left`}
                        onClick={() => move(colId, -1)}
                      >
                        ↑
                      </button>
                      <button
                        type="button"
                        className="button subtle"
                        aria-label={`Move ${spec.label} right`}
                        onClick={() => move(colId, 1)}
                      >
                        ↓
                      </button>
                      <label className="column-width">
                        <span className="visually-hidden">Width of {spec.label} in pixels</span>
                        <input
                          type="number"
                          min={60}
                          max={800}
                          step={10}
                          value={choice.widths[colId] ?? spec.size}
                          onChange={(e) => {
                            const px = Number(e.target.value);
                            if (px >= 60 && px <= 800) onColumns({ ...choice, widths: { ...choice.widths, [colId]: px } });
                          }}
                        />
                      </label>
                    </>
                  )}
                </li>
              );
            })}
          </ul>
          <button type="button" className="button subtle" onClick={() => onColumns(null)}>
            Reset to the defaults
          </button>
        </fieldset>
      )}
    </div>
  );
}
