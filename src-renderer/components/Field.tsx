import { useId, useState, type ReactNode } from 'react';

interface FieldProps {
  label: string;
  required?: boolean;
  hint?: ReactNode;
  error?: string;
  warning?: ReactNode;
  children: (props: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: true; 'aria-required'?: true }) => ReactNode;
}

/** A labelled form field with its hint, warning and error wired to the control for screen readers. */
export function Field({ label, required, hint, error, warning, children }: FieldProps) {
  const id = useId();
  const describedBy = notesDescribing(id, { hint, warning, error });
  return (
    <div className={`field ${error ? 'has-error' : ''}`}>
      <span className="field-label">
        <label htmlFor={id}>{label}</label>
        {required && (
          <span className="required" aria-hidden="true">
            {' '}
            *
          </span>
        )}
      </span>
      {children({
        id,
        'aria-describedby': describedBy || undefined,
        'aria-invalid': error ? true : undefined,
        'aria-required': required ? true : undefined,
      })}
      <FieldNotes id={id} hint={hint} warning={warning} error={error} />
    </div>
  );
}

type Notes = Pick<FieldProps, 'hint' | 'warning' | 'error'>;

/** The ids of a control's notes, for its `aria-describedby`. */
export const notesDescribing = (id: string, { hint, warning, error }: Notes) =>
  [hint && `${id}-hint`, warning && `${id}-warning`, error && `${id}-error`].filter(Boolean).join(' ');

/** A control's hint, warning and error, under the ids `notesDescribing` names: for controls laid out other than `Field`. */
export function FieldNotes({ id, hint, warning, error }: Notes & { id: string }) {
  return (
    <>
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {warning && (
        <p className="warning" id={`${id}-warning`}>
          {warning}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </>
  );
}

/** A masked input with a reveal toggle. */
export function SecretInput(props: {
  id: string;
  value: string;
  onChange(value: string): void;
  placeholder?: string;
  'aria-describedby'?: string;
  'aria-invalid'?: true;
  'aria-required'?: true;
  revealLabel: string;
}) {
  const [revealed, setRevealed] = useState(false);
  const { revealLabel, onChange, ...inputProps } = props;
  return (
    <span className="secret-input">
      <input
        {...inputProps}
        type={revealed ? 'text' : 'password'}
        autoComplete="off"
        spellCheck={false}
        onChange={(e) => onChange(e.target.value)}
      />
      <button
        type="button"
        className="button subtle"
        aria-pressed={revealed}
        aria-label={revealLabel}
        onClick={() => setRevealed((r) => !r)}
      >
        {revealed ? 'Hide' : 'Show'}
      </button>
    </span>
  );
}
