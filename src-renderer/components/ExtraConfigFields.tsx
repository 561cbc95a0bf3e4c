// One model's `llm_extra_config` fields, rendered from the definition
// (src-shared/providers/extra-config.ts): the Setup screen and the draft editor both use this, so
// which fields there are, their labels, hints and choices are written once, there.
import { useState, type ReactNode } from 'react';
import {
  buildExtraConfig,
  describeExtraConfig,
  extraConfigFields,
  type ExtraConfigField,
  type ExtraConfigForm,
  type ExtraConfigType,
} from '../../src-shared/providers/extra-config';
import { FieldNotes, notesDescribing } from './Field';
import { focusWhenShown } from './focus';

export interface ExtraConfigFieldsProps {
  type: ExtraConfigType;
  modelId: string;
  form: ExtraConfigForm;
  /** By form key, as `buildExtraConfig` gives them; one under a key no field has is shown below the fields. */
  errors?: Record<string, string>;
  onChange(form: ExtraConfigForm): void;
  /** Starts every control's id: unique per model row, so each label, hint and error is wired to its own control. */
  idPrefix: string;
}

/** The fields of `extraConfigFields[type]`, each by its kind. A blank or unticked field leaves its key out of the form. */
export function ExtraConfigFields({ type, modelId, form, errors = {}, onChange, idPrefix }: ExtraConfigFieldsProps) {
  const fields = extraConfigFields[type];
  const unplaced = Object.entries(errors).filter(([key]) => !fields.some((f) => f.key === key));
  const set = (key: string, value: string | boolean) => {
    const { [key]: _old, ...rest } = form;
    onChange(value === '' || value === false ? rest : { ...rest, [key]: value });
  };
  return (
    <div role="group" aria-label={`Extra config for ${modelId}`} className="extra-config-fields">
      {fields.map((field) => (
        <ExtraConfigControl
          key={field.key}
          field={field}
          modelId={modelId}
          value={form[field.key]}
          error={errors[field.key]}
          id={`${idPrefix}-${field.key}`}
          onChange={(value) => set(field.key, value)}
        />
      ))}
      {unplaced.map(([key, message]) => (
        <p key={key} className="field-error wide">
          {message}
        </p>
      ))}
    </div>
  );
}

/**
 * The fields behind an "Extra config…" disclosure, so a model row stays one line until asked. The
 * summary says what is set, or how many fields need fixing, while it is closed.
 */
export function ExtraConfigDisclosure(props: ExtraConfigFieldsProps) {
  const built = buildExtraConfig(props.type, props.form);
  const toFix = Object.keys(props.errors ?? (built.ok ? {} : built.errors)).length;
  return (
    <details className="extra-config">
      <summary>
        Extra config…{' '}
        {toFix > 0 ? (
          <span className="text-danger">{toFix === 1 ? '1 field to fix' : `${toFix} fields to fix`}</span>
        ) : (
          <span className="muted">{(built.ok && describeExtraConfig(built.value)) || 'none'}</span>
        )}
      </summary>
      <ExtraConfigFields {...props} />
    </details>
  );
}

interface ControlProps {
  field: ExtraConfigField;
  modelId: string;
  value: string | boolean | undefined;
  error: string | undefined;
  id: string;
  onChange(value: string | boolean): void;
}

function ExtraConfigControl({ field, modelId, value, error, id, onChange }: ControlProps) {
  const applies = field.appliesTo?.(modelId) ?? true;
  const isSet = value !== undefined && value !== '' && value !== false;
  const [expanded, setExpanded] = useState(false);
  // A field the model is not known to take stays one dimmed line until asked for: not hidden, since
  // model ids change faster than the rule that recognises them.
  if (!applies && !isSet && !error && !expanded) {
    return (
      <p className="hint wide">
        {field.label}: not known to apply to {modelId}.{' '}
        <button type="button" className="button subtle" aria-label={`Set anyway: ${field.label}`} onClick={() => setExpanded(true)}>
          Set anyway
        </button>
      </p>
    );
  }
  const note = applies ? null : `Not known to apply to ${modelId}: the tenant may refuse it, or the model ignore it.`;
  const notes = { hint: field.hint, warning: note, error };
  // Revealed by "Set anyway": focus goes to the control that took the button's place.
  const aria = {
    id,
    'aria-describedby': notesDescribing(id, notes),
    'aria-invalid': error ? true : undefined,
    ref: expanded ? focusWhenShown : undefined,
  };
  const text = typeof value === 'string' ? value : '';
  const controls: Record<ExtraConfigField['kind'], () => ReactNode> = {
    choice: () => (
      <select {...aria} value={text} onChange={(e) => onChange(e.target.value)}>
        <option value="">Default</option>
        {field.choices?.map((choice) => (
          <option key={choice} value={choice}>
            {choice}
          </option>
        ))}
      </select>
    ),
    integer: () => (
      <input {...aria} type="number" inputMode="numeric" step={1} min={field.min} value={text} onChange={(e) => onChange(e.target.value)} />
    ),
    text: () => (
      <input {...aria} type="text" autoComplete="off" spellCheck={false} value={text} onChange={(e) => onChange(e.target.value)} />
    ),
    boolean: () => <input {...aria} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} />,
  };
  return (
    <div className={`extra-config-field${applies ? '' : ' not-applicable'}${error ? ' has-error' : ''}`}>
      {field.kind === 'boolean' ? (
        <label className="checkbox">
          {controls.boolean()} {field.label}
        </label>
      ) : (
        <>
          <label htmlFor={id}>{field.label}</label>
          {controls[field.kind]()}
        </>
      )}
      <FieldNotes id={id} {...notes} />
    </div>
  );
}
