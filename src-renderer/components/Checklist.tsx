// A list filter as a small checklist in a disclosure: the filter bar stays one line, and every
// option is a plain, keyboard-reachable checkbox. Styled in inventory/inventory.css.
import { useId } from 'react';

export function Checklist({
  label,
  options,
  chosen,
  onChange,
}: {
  label: string;
  options: { value: string; label: string }[];
  chosen: string[];
  onChange(chosen: string[]): void;
}) {
  const id = useId();
  return (
    <details className="checklist">
      {/* Named by what it shows, "Outcomes 1", and a hidden "chosen": a screen reader hears the count,
          and a voice user saying the visible words finds it (WCAG 2.5.3, label in name). */}
      <summary>
        {label}
        {chosen.length > 0 && (
          <>
            {' '}
            <span className="count-pill">{chosen.length}</span>
            <span className="visually-hidden"> chosen</span>
          </>
        )}
      </summary>
      <fieldset className="checklist-options">
        <legend className="visually-hidden">{label}</legend>
        {options.length === 0 && <p className="muted">None to choose from.</p>}
        {options.map((o) => (
          <label key={o.value} className="checkbox" htmlFor={`${id}-${o.value}`}>
            <input
              id={`${id}-${o.value}`}
              type="checkbox"
              checked={chosen.includes(o.value)}
              onChange={(e) => onChange(e.target.checked ? [...chosen, o.value] : chosen.filter((c) => c !== o.value))}
            />
            {o.label}
          </label>
        ))}
      </fieldset>
    </details>
  );
}
