import { useShallow } from 'zustand/react/shallow';
import { useMemo, useRef, useState } from 'react';
import { useValueAfterPaint } from '../../components/value-after-paint';
import { useRowWindow } from '../../components/row-window';
import type { ModelEntry } from '../../../src-shared/setup';
import { useSetupStore, type ModelChoice } from './setup-store';

type Kind = 'all' | 'completion' | 'embedding';
const rowHeight = 34;

/** The models a provider listed: filter, check, select all shown; smooth with tens of thousands. */
export function ModelPicker({ models }: { models: ModelEntry[] }) {
  const { selected, toggleModel, selectModels, clearSelection } = useSetupStore(
    useShallow((s) => ({
      selected: s.selected,
      toggleModel: s.toggleModel,
      selectModels: s.selectModels,
      clearSelection: s.clearSelection,
    })),
  );
  const [query, setQuery] = useState('');
  const [kind, setKind] = useState<Kind>('all');
  // What the filter matches as typed: "Select all shown" and its count act on this, never on a
  // stale list (a keyboard user can press it before the list below has caught up).
  const matching = useMemo(() => {
    const needle = query.trim().toLowerCase();
    return models.filter(
      (m) => (kind === 'all' || (kind === 'embedding') === m.embedding) && (!needle || m.id.toLowerCase().includes(needle)),
    );
  }, [models, query, kind]);
  // Only the list follows after the keystroke has painted, so typing stays smooth with 10,000 models.
  const shown = useValueAfterPaint(matching);
  const count = Object.keys(selected).length;
  const embeddingCount = models.filter((m) => m.embedding).length;
  const scroller = useRef<HTMLDivElement>(null);
  const rows = useRowWindow({ count: shown.length, rowHeight, overscan: 12, scroller });

  return (
    <section className="model-picker" aria-label="Select models">
      <div className="picker-toolbar">
        <input
          type="search"
          aria-label="Filter models"
          placeholder="Filter models"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <div className="segmented" role="group" aria-label="Model kind">
          {(['all', 'completion', 'embedding'] as const).map((k) => (
            <button key={k} type="button" className="button" aria-pressed={kind === k} onClick={() => setKind(k)}>
              {k === 'all'
                ? `All (${models.length})`
                : k === 'completion'
                  ? `Completion (${models.length - embeddingCount})`
                  : `Embedding (${embeddingCount})`}
            </button>
          ))}
        </div>
        <button type="button" className="button" onClick={() => selectModels(matching)} disabled={matching.length === 0}>
          Select all shown ({matching.length})
        </button>
        <button type="button" className="button" onClick={clearSelection} disabled={count === 0}>
          Clear
        </button>
        <span className="selection-count" role="status" aria-live="polite">
          {count} selected
        </span>
      </div>
      <div ref={scroller} className="model-list" role="group" aria-label={`Models, ${shown.length} shown`} tabIndex={-1}>
        {shown.length === 0 ? (
          <p className="muted empty-list">No model matches “{query}”.</p>
        ) : (
          <div className="model-list-inner" style={{ height: rows.totalSize }}>
            {rows.rows.map((row) => {
              const model = shown[row.index]!;
              return (
                <ModelRow
                  key={model.id}
                  model={model}
                  choice={selected[model.id]}
                  top={row.start}
                  onToggle={(on) => toggleModel(model, on)}
                />
              );
            })}
          </div>
        )}
      </div>
    </section>
  );
}

function ModelRow({
  model,
  choice,
  top,
  onToggle,
}: {
  model: ModelEntry;
  choice: ModelChoice | undefined;
  top: number;
  onToggle(on: boolean): void;
}) {
  const updateChoice = useSetupStore((s) => s.updateChoice);
  const embedding = choice ? choice.embedding : model.embedding;
  return (
    <div className={`model-row ${choice ? 'selected' : ''}`} style={{ transform: `translateY(${top}px)` }} data-model={model.id}>
      <label className="model-check">
        <input type="checkbox" checked={Boolean(choice)} onChange={(e) => onToggle(e.target.checked)} />
        <span className="model-id">{model.id}</span>
      </label>
      {choice ? (
        <EmbeddingControls choice={choice} onChange={(change) => updateChoice(model.id, change)} />
      ) : (
        <span className={`kind-tag ${embedding ? 'embedding' : ''}`}>{embedding ? 'embedding' : 'completion'}</span>
      )}
    </div>
  );
}

/** The embedding toggle and dimensions field of one selected model. */
export function EmbeddingControls({ choice, onChange }: { choice: ModelChoice; onChange(change: Partial<ModelChoice>): void }) {
  return (
    <span className="embedding-controls">
      <label className="checkbox">
        <input
          type="checkbox"
          checked={choice.embedding}
          aria-label={`${choice.id} is an embedding model`}
          onChange={(e) => onChange({ embedding: e.target.checked })}
        />
        Embedding
      </label>
      {choice.embedding && (
        <input
          className="dimensions"
          inputMode="numeric"
          aria-label={`Dimensions for ${choice.id}`}
          placeholder="dimensions"
          value={choice.dimensions}
          onChange={(e) => onChange({ dimensions: e.target.value })}
        />
      )}
    </span>
  );
}
