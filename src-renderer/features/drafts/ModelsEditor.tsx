// The draft's models, typed (listing needs the network): each ID suggested from the last inventory,
// the sweep's model lists and the known catalogs; its display name, kind, dimensions and extra
// config; and which become the tenant's defaults.
import { useId, useState } from 'react';
import type { ModelSuggestion } from '../../../src-shared/draft-from-inventory';
import { configProviderFor, providerVariant } from '../../../src-shared/providers/catalog';
import { extraConfigTypeFor } from '../../../src-shared/providers/extra-config';
import { ExtraConfigDisclosure } from '../../components/ExtraConfigFields';
import { rowFor, type DraftForm, type FormErrors, type ModelRow } from './draft-form';

const sourceLabels: Record<ModelSuggestion['source'], string> = {
  inventory: 'on a tenant',
  sweep: 'listed by the provider',
  catalog: 'known model',
};

export function ModelsEditor({
  form,
  errors,
  suggestions,
  onChange,
}: {
  form: DraftForm;
  errors: FormErrors;
  suggestions: ModelSuggestion[];
  onChange(next: Partial<DraftForm>): void;
}) {
  const listId = useId();
  const [adding, setAdding] = useState('');
  const extraType = extraConfigTypeFor(configProviderFor(providerVariant(form.providerId), form.values));
  const setRow = (key: string, patch: Partial<ModelRow>) =>
    onChange({ models: form.models.map((r) => (r.key === key ? { ...r, ...patch } : r)) });
  const add = () => {
    const id = adding.trim();
    if (!id) return;
    const known = suggestions.find((s) => s.modelId === id);
    onChange({ models: [...form.models, rowFor(id, known?.isEmbedding)] });
    setAdding('');
  };
  const remove = (row: ModelRow) =>
    onChange({
      models: form.models.filter((r) => r.key !== row.key),
      ...(form.defaultLlm === row.modelId ? { defaultLlm: '' } : {}),
      ...(form.defaultEmbedding === row.modelId ? { defaultEmbedding: '' } : {}),
    });
  const completions = form.models.filter((m) => !m.isEmbedding && m.modelId.trim());
  const embeddings = form.models.filter((m) => m.isEmbedding && m.modelId.trim());

  return (
    <section className="panel draft-models" aria-labelledby={`${listId}-h`}>
      <h2 id={`${listId}-h`}>Models</h2>
      <datalist id={listId}>
        {suggestions.map((s) => (
          <option key={s.modelId} value={s.modelId}>
            {sourceLabels[s.source]}
          </option>
        ))}
      </datalist>
      <div className="add-model">
        <label htmlFor={`${listId}-add`}>Add a model</label>
        <input
          id={`${listId}-add`}
          list={listId}
          value={adding}
          spellCheck={false}
          placeholder="Model ID, e.g. gpt-4o"
          onChange={(e) => setAdding(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              add();
            }
          }}
        />
        <button type="button" className="button" onClick={add} disabled={!adding.trim()}>
          Add
        </button>
        <span className="muted">{suggestions.length} suggestions from your tenants and known catalogs</span>
      </div>
      {errors.models && <p className="field-error">{errors.models}</p>}
      {form.models.length === 0 ? (
        <p className="muted">No models yet. Type a model ID above: each becomes an LLM config on every tenant you apply this draft to.</p>
      ) : (
        <table className="data-table draft-models-table">
          <thead>
            <tr>
              <th scope="col">Model ID</th>
              <th scope="col">Display name</th>
              <th scope="col">Embedding</th>
              <th scope="col">Dimensions</th>
              {extraType && <th scope="col">Extra config</th>}
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {form.models.map((row, i) => {
              const err = (field: string) => errors[`models.${row.key}.${field}`] ?? errors[`models.${i}.${field}`];
              const extraErrors = Object.fromEntries(
                Object.entries(errors)
                  .filter(([k]) => k.startsWith(`models.${row.key}.extra.`))
                  .map(([k, v]) => [k.slice(`models.${row.key}.extra.`.length), v]),
              );
              const label = row.modelId || `model ${i + 1}`;
              return (
                <tr key={row.key}>
                  <td>
                    <input
                      aria-label={`Model ID of ${label}`}
                      list={listId}
                      value={row.modelId}
                      spellCheck={false}
                      onChange={(e) => setRow(row.key, { modelId: e.target.value })}
                      aria-invalid={err('modelId') ? true : undefined}
                    />
                    {err('modelId') && <p className="field-error">{err('modelId')}</p>}
                  </td>
                  <td>
                    <input
                      aria-label={`Display name of ${label}`}
                      value={row.name}
                      placeholder={row.modelId}
                      onChange={(e) => setRow(row.key, { name: e.target.value })}
                      aria-invalid={err('name') ? true : undefined}
                    />
                    {err('name') && <p className="field-error">{err('name')}</p>}
                  </td>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`${label} is an embedding model`}
                      checked={row.isEmbedding}
                      onChange={(e) => setRow(row.key, { isEmbedding: e.target.checked, ...(e.target.checked ? {} : { dimensions: '' }) })}
                    />
                  </td>
                  <td>
                    {row.isEmbedding && (
                      <>
                        <input
                          className="dimensions"
                          aria-label={`Dimensions of ${label}`}
                          inputMode="numeric"
                          value={row.dimensions}
                          onChange={(e) => setRow(row.key, { dimensions: e.target.value })}
                          aria-invalid={err('dimensions') ? true : undefined}
                        />
                        {err('dimensions') && <p className="field-error">{err('dimensions')}</p>}
                      </>
                    )}
                  </td>
                  {extraType && (
                    <td>
                      {!row.isEmbedding && (
                        <ExtraConfigDisclosure
                          type={extraType}
                          modelId={label}
                          form={row.extra}
                          errors={extraErrors}
                          onChange={(extra) => setRow(row.key, { extra })}
                          idPrefix={`draft-${row.key}`}
                        />
                      )}
                      {err('extraConfig') && <p className="field-error">{err('extraConfig')}</p>}
                    </td>
                  )}
                  <td>
                    <button type="button" className="button subtle" aria-label={`Remove ${label}`} onClick={() => remove(row)}>
                      Remove
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <div className="form-grid draft-defaults">
        <DefaultSelect
          label="Default LLM"
          value={form.defaultLlm}
          options={completions}
          error={errors['defaults.llmModelId']}
          onChange={(defaultLlm) => onChange({ defaultLlm })}
        />
        <DefaultSelect
          label="Default embedding"
          value={form.defaultEmbedding}
          options={embeddings}
          error={errors['defaults.embeddingModelId']}
          hint="Changing a tenant’s default embedding deletes and rebuilds its search indexes."
          onChange={(defaultEmbedding) => onChange({ defaultEmbedding })}
        />
      </div>
    </section>
  );
}

function DefaultSelect({
  label,
  value,
  options,
  error,
  hint,
  onChange,
}: {
  label: string;
  value: string;
  options: ModelRow[];
  error?: string;
  hint?: string;
  onChange(v: string): void;
}) {
  const id = useId();
  return (
    <div className={`field ${error ? 'has-error' : ''}`}>
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} aria-describedby={hint ? `${id}-hint` : undefined}>
        <option value="">Leave the tenant’s as it is</option>
        {options.map((m) => (
          <option key={m.key} value={m.modelId}>
            {m.name || m.modelId}
          </option>
        ))}
      </select>
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && <p className="field-error">{error}</p>}
    </div>
  );
}
