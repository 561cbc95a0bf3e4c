import { openAiCompatiblePresets, providerCatalog, providerVariant, type ProviderField } from '../../../src-shared/providers/catalog';
import { parseServiceAccount } from '../../../src-shared/providers/credential-schema';
import { awsRegions, providerWarnings } from '../../../src-shared/providers/warnings';
import { Field, SecretInput } from '../../components/Field';
import { FileButton } from '../../components/FileButton';
import { useSetupStore } from './setup-store';

const heldPlaceholder = 'Kept from your last attempt. Type to replace it.';

export function ProviderForm() {
  const { providerId, values, fieldErrors, heldSecrets, chooseProvider, setValue, keepFailedCredential, setKeepFailedCredential } =
    useSetupStore();
  const variant = providerVariant(providerId);
  const warnings = providerWarnings(variant, values);
  const warningFor = (key: string) => {
    const found = warnings.filter((w) => w.field === key);
    return found.length ? found.map((w) => w.message).join(' ') : undefined;
  };

  return (
    <section className="panel provider-form" aria-label="Provider credentials">
      <Field label="Provider" required hint={variant.description}>
        {(p) => (
          <select {...p} value={providerId} onChange={(e) => chooseProvider(e.target.value as typeof providerId)}>
            {[...new Set(providerCatalog.map((v) => v.family))].map((family) => (
              <optgroup key={family} label={family}>
                {providerCatalog
                  .filter((v) => v.family === family)
                  .map((v) => (
                    <option key={v.id} value={v.id}>
                      {v.label}
                    </option>
                  ))}
              </optgroup>
            ))}
          </select>
        )}
      </Field>
      {variant.note && <p className="provider-note">{variant.note}</p>}
      <div className="form-grid">
        {variant.fields.map((field) => (
          <ProviderFieldInput
            key={`${providerId}:${field.key}`}
            field={field}
            value={values[field.key] ?? ''}
            error={fieldErrors[field.key]}
            warning={warningFor(field.key)}
            held={heldSecrets.includes(field.key)}
            onChange={(v) => setValue(field.key, v)}
            onServiceAccount={(projectId) => {
              if (!values.gcp_project?.trim()) setValue('gcp_project', projectId);
            }}
          />
        ))}
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={keepFailedCredential} onChange={(e) => setKeepFailedCredential(e.target.checked)} />
        Keep the credential on the tenant if validation fails (it is deleted otherwise, so nothing is left behind)
      </label>
    </section>
  );
}

interface FieldInputProps {
  field: ProviderField;
  value: string;
  error: string | undefined;
  warning: string | undefined;
  /** A secret main holds already: blank keeps it. */
  held: boolean;
  /** What a held secret's empty field says (Setup: kept from the last attempt; a draft: stored in the keychain). */
  heldText?: string;
  onChange(value: string): void;
  onServiceAccount(projectId: string): void;
}

/** One field of the catalog, as its kind asks: Setup's form and the draft editor both use it. */
export function ProviderFieldInput({
  field,
  value,
  error,
  warning,
  held,
  heldText = heldPlaceholder,
  onChange,
  onServiceAccount,
}: FieldInputProps) {
  const required = field.required && !held;
  const setServiceAccount = (text: string) => {
    onChange(text);
    const parsed = parseServiceAccount(text);
    if (parsed.ok) onServiceAccount(parsed.projectId);
  };

  if (field.kind === 'secret') {
    return (
      <Field label={field.label} required={required} hint={field.hint} error={error} warning={warning}>
        {(p) => (
          <SecretInput
            {...p}
            value={value}
            onChange={onChange}
            placeholder={held ? heldText : (field.placeholder ?? '')}
            revealLabel={`Show ${field.label}`}
          />
        )}
      </Field>
    );
  }
  if (field.kind === 'service-account-json') {
    return (
      <div className="wide">
        <Field label={field.label} required={required} hint={held ? heldText : field.hint} error={error} warning={warning}>
          {(p) => (
            <textarea
              {...p}
              rows={5}
              spellCheck={false}
              value={value}
              onChange={(e) => setServiceAccount(e.target.value)}
              placeholder='{ "type": "service_account", ... }'
            />
          )}
        </Field>
        <div className="button-row">
          <FileButton
            label="Load JSON file…"
            fileLabel="Service account key file"
            accept=".json,application/json"
            onFile={(file) => void file.text().then(setServiceAccount)}
          />
        </div>
      </div>
    );
  }
  const isBaseUrl = field.key === 'base_url';
  return (
    <Field label={field.label} required={required} hint={field.hint} error={error} warning={warning}>
      {(p) => (
        <>
          <input
            {...p}
            value={value}
            placeholder={field.placeholder}
            spellCheck={false}
            list={field.kind === 'region' ? 'aws-regions' : undefined}
            onChange={(e) => onChange(e.target.value)}
          />
          {field.kind === 'region' && (
            <datalist id="aws-regions">
              {[...awsRegions].map((r) => (
                <option key={r} value={r} />
              ))}
            </datalist>
          )}
          {isBaseUrl && (
            <select
              aria-label="Base URL preset"
              className="preset-select"
              value={openAiCompatiblePresets.find((preset) => preset.baseUrl === value)?.baseUrl ?? ''}
              onChange={(e) => e.target.value && onChange(e.target.value)}
            >
              <option value="">Choose a preset…</option>
              {openAiCompatiblePresets.map((preset) => (
                <option key={preset.label} value={preset.baseUrl}>
                  {preset.label}: {preset.baseUrl}
                </option>
              ))}
            </select>
          )}
        </>
      )}
    </Field>
  );
}
