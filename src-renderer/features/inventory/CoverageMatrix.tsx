// Which tenant has which model: one row per model (provider and model id), one column per tenant,
// each cell compared with the baseline tenant's. 25 tenants x a few hundred models is a few thousand
// cells: a plain table, with the matrix and the differing count computed once per change of input.
import { memo, useMemo } from 'react';
import { useValueAfterPaint } from '../../components/value-after-paint';
import { coverageDiffers, coverageMatrix, type CoverageMatrix as Matrix, type CoverageModel } from '../../../src-shared/drift';
import type { TenantInventoryState } from '../../../src-shared/inventory';
import type { InventoryTenant } from '../../../src-shared/inventory-rows';
import { TenantBadge } from '../../components/TenantBadge';
import { CompareEmptyState, DriftToolbar, effectiveBaseline } from './BaselinePicker';
import './drift.css';
import { plural } from '../../../src-shared/plural';

export function CoverageMatrix(props: {
  states: TenantInventoryState[];
  tenants: InventoryTenant[];
  baseline: string | null;
  onBaseline(tenantId: string | null): void;
}) {
  const { states, tenants, onBaseline } = props;
  const matrix = useMemo(() => coverageMatrix(states, tenants), [states, tenants]);
  const chosen = effectiveBaseline(matrix.tenants, props.baseline);
  // The select answers at once; the thousands of cells follow once it has painted.
  const baseline = useValueAfterPaint(chosen);
  const baselineName = matrix.tenants.find((t) => t.id === baseline)?.name ?? '';
  const differing = useMemo(() => {
    if (!baseline) return 0;
    let count = 0;
    for (const m of matrix.models) for (const t of matrix.tenants) if (coverageDiffers(matrix, m.key, t.id, baseline)) count++;
    return count;
  }, [matrix, baseline]);

  if (matrix.tenants.length < 2) return <CompareEmptyState tenants={matrix.tenants} />;

  return (
    <section className="drift" aria-label="Model coverage">
      <DriftToolbar
        tenants={matrix.tenants}
        chosen={chosen}
        baseline={baseline}
        differing={differing}
        rowsLabel={plural(matrix.models.length, 'model')}
        onBaseline={onBaseline}
      />
      {matrix.models.length === 0 ? (
        <p className="muted">No tenant has a model of its own yet. Built-in models are the same on every tenant, so they are left out.</p>
      ) : (
        // Focusable so the keyboard can scroll a matrix wider than the window.
        <div
          className={`drift-scroll ${baseline !== chosen ? 'drift-updating' : ''}`}
          aria-busy={baseline !== chosen || undefined}
          role="region"
          aria-label="Models by tenant"
          tabIndex={0}
        >
          <table className="data-table drift-table">
            <thead>
              <tr>
                <th scope="col">Model</th>
                {matrix.tenants.map((t) => (
                  <th key={t.id} scope="col" className={t.id === baseline ? 'drift-baseline' : undefined}>
                    <TenantBadge name={t.name} environment={t.environment} />
                    {t.id === baseline && <span className="pill drift-baseline-tag">baseline</span>}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {matrix.models.map((m) => (
                <CoverageRow key={m.key} matrix={matrix} model={m} baseline={baseline} baselineName={baselineName} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** One model's row; memoized so changing nothing in a row (a re-render from above) costs nothing. */
const CoverageRow = memo(function CoverageRow({
  matrix,
  model,
  baseline,
  baselineName,
}: {
  matrix: Matrix;
  model: CoverageModel;
  baseline: string | null;
  baselineName: string;
}) {
  return (
    <tr>
      <th scope="row" className="drift-model">
        <span className="muted">{model.provider}</span> <span className="model-id">{model.modelName}</span>{' '}
        <span className={`kind-tag ${model.isEmbedding ? 'embedding' : ''}`}>{model.isEmbedding ? 'embedding' : 'completion'}</span>
      </th>
      {matrix.tenants.map((t) => {
        const cell = matrix.cells[model.key]?.[t.id] ?? { present: false, names: [] };
        const differs = coverageDiffers(matrix, model.key, t.id, baseline);
        const names = cell.present ? cell.names.join(', ') : 'missing';
        const classes = [
          'drift-cell',
          cell.present ? 'drift-present' : 'drift-absent',
          differs && 'drift-differs',
          t.id === baseline && 'drift-baseline',
        ];
        return (
          <td key={t.id} className={classes.filter(Boolean).join(' ')} title={differs ? `${names} (differs from ${baselineName})` : names}>
            {/* The glyph is for the eye; the sentence after it is for screen readers. */}
            <span aria-hidden="true">{cell.present ? (cell.names.length > 1 ? `✓ ${cell.names.length}` : '✓') : '–'}</span>
            <span className="visually-hidden">
              {t.name}: {names}
              {differs ? `; differs from ${baselineName}` : ''}
            </span>
          </td>
        );
      })}
    </tr>
  );
});
