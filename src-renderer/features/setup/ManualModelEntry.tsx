import { useShallow } from 'zustand/react/shallow';
import { useState, type FormEvent } from 'react';
import { useSetupStore } from './setup-store';
import { EmbeddingControls } from './ModelPicker';

/**
 * For providers that do not list their models (valid: null): type model ids, each checked with
 * the tenant's model-specific validation before it can be added. Alation's own UI cannot do this.
 */
export function ManualModelEntry() {
  const { manualChecks, checkManualModel, busy, selected, toggleModel, updateChoice } = useSetupStore(
    useShallow((s) => ({
      manualChecks: s.manualChecks,
      checkManualModel: s.checkManualModel,
      busy: s.busy,
      selected: s.selected,
      toggleModel: s.toggleModel,
      updateChoice: s.updateChoice,
    })),
  );
  const [modelName, setModelName] = useState('');
  const [isEmbedding, setIsEmbedding] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!modelName.trim()) return;
    await checkManualModel(modelName.trim(), isEmbedding);
    setModelName('');
  };
  return (
    <section className="manual-entry" aria-label="Enter models by hand">
      <p>
        This provider does not list its models. Enter the model IDs you want; BYOM Desk checks each one with the tenant before adding it.
      </p>
      <form className="button-row" onSubmit={submit} aria-label="Add a model by ID">
        <input
          aria-label="Model ID"
          placeholder="e.g. meta-llama/Llama-3.1-8B-Instruct"
          value={modelName}
          onChange={(e) => setModelName(e.target.value)}
          spellCheck={false}
        />
        <label className="checkbox">
          <input type="checkbox" checked={isEmbedding} onChange={(e) => setIsEmbedding(e.target.checked)} />
          Embedding model
        </label>
        <button type="submit" className="button" disabled={busy || !modelName.trim()}>
          {busy ? 'Checking…' : 'Check and add'}
        </button>
      </form>
      {manualChecks.length > 0 && (
        <ul className="manual-checks" aria-label="Checked models">
          {manualChecks.map((check) => {
            const choice = selected[check.modelName];
            return (
              <li key={check.modelName} className={check.valid ? 'ok' : 'failed'} data-model={check.modelName}>
                <span className="model-id">{check.modelName}</span>
                {check.valid ? (
                  <>
                    <label className="checkbox">
                      <input
                        type="checkbox"
                        checked={Boolean(choice)}
                        onChange={(e) => toggleModel({ id: check.modelName, embedding: isEmbedding }, e.target.checked)}
                      />
                      Add
                    </label>
                    {choice && <EmbeddingControls choice={choice} onChange={(change) => updateChoice(check.modelName, change)} />}
                  </>
                ) : (
                  <span className="text-danger">
                    {check.message}
                    {check.advice ? ` — ${check.advice.solution}` : ''}
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
