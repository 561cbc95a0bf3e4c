import { useShallow } from 'zustand/react/shallow';
// The drafts, newest first, searchable: each says its provider, how many models, and whether a
// secret is still missing. New, import.
import { useMemo, useState } from 'react';
import { providerVariant } from '../../../src-shared/providers/catalog';
import { asAppError } from '../../bridge';
import { FileButton } from '../../components/FileButton';
import { formatAge } from '../../components/time';
import { useAppStore } from '../../app/app-store';
import { useDraftsStore } from './drafts-store';
import { plural } from '../../../src-shared/plural';

export function DraftList() {
  const { drafts, openId, creating, open, startNew, importFile } = useDraftsStore(
    useShallow((s) => ({
      drafts: s.drafts,
      openId: s.openId,
      creating: s.creating,
      open: s.open,
      startNew: s.startNew,
      importFile: s.importFile,
    })),
  );
  const showError = useAppStore((s) => s.showError);
  const [query, setQuery] = useState('');
  const shown = useMemo(() => {
    const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
    return drafts.filter((d) => {
      const text = [d.title, providerVariant(d.providerId).label, d.values.name ?? '', ...d.models.map((m) => m.modelId), d.notes]
        .join('\n')
        .toLowerCase();
      return words.every((w) => text.includes(w));
    });
  }, [drafts, query]);
  const now = Date.now();

  return (
    <nav className="draft-list" aria-label="Drafts">
      <div className="button-row">
        <button type="button" className="button primary" onClick={startNew}>
          New draft
        </button>
        <FileButton
          label="Import…"
          fileLabel="Draft file to import"
          accept=".json,application/json"
          onFile={(file) =>
            void file
              .text()
              .then(importFile)
              .catch((error: unknown) => showError(asAppError(error)))
          }
        />
      </div>
      <input
        type="search"
        className="draft-search"
        aria-label="Search drafts"
        placeholder="Search drafts"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      <ul>
        {creating && (
          <li>
            <button type="button" className="draft-item" aria-current="true">
              <span className="draft-title">New draft</span>
              <span className="muted">not saved yet</span>
            </button>
          </li>
        )}
        {shown.map((d) => {
          const missing = Object.values(d.secrets).some((s) => s === 'missing') && d.problems.some((p) => p.missingSecret);
          return (
            <li key={d.id}>
              <button
                type="button"
                className="draft-item"
                aria-current={!creating && d.id === openId ? 'true' : undefined}
                onClick={() => open(d.id)}
              >
                <span className="draft-title">{d.title}</span>
                <span className="muted">
                  {providerVariant(d.providerId).label} · {plural(d.models.length, 'model')} · {formatAge(d.updatedAt, now)}
                </span>
                {missing && <span className="pill warn">secret missing</span>}
                {!missing && d.problems.length > 0 && <span className="pill warn">incomplete</span>}
              </button>
            </li>
          );
        })}
      </ul>
      {drafts.length > 0 && shown.length === 0 && <p className="muted">No draft matches “{query}”.</p>}
    </nav>
  );
}
