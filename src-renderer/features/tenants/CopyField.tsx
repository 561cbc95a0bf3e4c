import { useId, useRef, useState } from 'react';

/**
 * A value to copy (a redirect URI, a sign-in address), shown whole in a read-only box with a Copy
 * button. Where the clipboard API is refused, the text is selected for Ctrl+C instead.
 */
export function CopyField({ label, value, hint }: { label: string; value: string; hint?: string }) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [said, setSaid] = useState('');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setSaid('Copied.');
    } catch {
      input.current?.select();
      setSaid(document.execCommand('copy') ? 'Copied.' : 'Selected: press Ctrl+C (⌘C) to copy it.');
    }
  };
  return (
    <div className="field copy-field">
      <span className="field-label">
        <label htmlFor={id}>{label}</label>
      </span>
      <div className="copy-row">
        <input
          ref={input}
          id={id}
          value={value}
          readOnly
          spellCheck={false}
          onFocus={(e) => e.target.select()}
          aria-describedby={hint ? `${id}-hint` : undefined}
        />
        <button type="button" className="button" onClick={() => void copy()} aria-label={`Copy the ${label.toLowerCase()}`}>
          Copy
        </button>
        <span className="muted" role="status">
          {said}
        </span>
      </div>
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
    </div>
  );
}
