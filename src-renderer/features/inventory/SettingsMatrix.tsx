// How each tenant is set up, side by side: default LLM, default embedding, hide_default_models and
// every feature override, each compared with the baseline tenant's (configs by the model they run).
import { useMemo } from 'react';
import { useValueAfterPaint } from '../../components/value-after-paint';
import { settingDiffers, settingsMatrix } from '../../../src-shared/drift';
import type { TenantInventoryState } from '../../../src-shared/inventory';
import type { InventoryTenant } from '../../../src-shared/inventory-rows';
import { TenantBadge } from '../../components/TenantBadge';
import { CompareEmptyState, DriftToolbar, effectiveBaseline } from './BaselinePicker';
import './drift.css';
import { plural } from '../../../src-shared/plural';

export function SettingsMatrix(props: {
  states: TenantInventoryState[];
  tenants: InventoryTenant[];
  baseline: string | null;
  onBaseline(tenantId: string | null): void;
  onEdit(tenantId: string): void;
  /** The tenant whose settings are open below, if any. */
  editing?: string | null;
}) {
  const { states, tenants, onBaseline, onEdit } = props;
  const matrix = useMemo(() => settingsMatrix(states, tenants), [states, tenants]);
  const chosen = effectiveBaseline(matrix.tenants, props.baseline);
  // The select answers at once; the thousands of cells follow once it has painted.
  const baseline = useValueAfterPaint(chosen);
  const baselineName = matrix.tenants.find((t) => t.id === baseline)?.name ?? '';
  const differing = useMemo(
    () => (baseline ? matrix.rows.reduce((n, row) => n + matrix.tenants.filter((t) => settingDiffers(row, t.id, baseline)).length, 0) : 0),
    [matrix, baseline],
  );

  if (matrix.tenants.length < 2) {
    // Nothing to compare yet, but a lone tenant's settings are still its own to change.
    const lone = matrix.tenants[0];
    return (
      <>
        <CompareEmptyState tenants={matrix.tenants} />
        {lone && props.editing !== lone.id && (
          <p>
            <button type="button" className="button" onClick={() => onEdit(lone.id)}>
              Edit the settings of {lone.name}
            </button>
          </p>
        )}
      </>
    );
  }

  return (
    <section className="drift" aria-label="Tenant settings">
      <DriftToolbar
        tenants={matrix.tenants}
        chosen={chosen}
        baseline={baseline}
        differing={differing}
        rowsLabel={plural(matrix.rows.length, 'setting')}
        onBaseline={onBaseline}
      />
      <div
        className={`drift-scroll ${baseline !== chosen ? 'drift-updating' : ''}`}
        aria-busy={baseline !== chosen || undefined}
        role="region"
        aria-label="Settings by tenant"
        tabIndex={0}
      >
        <table className="data-table drift-table">
          <thead>
            <tr>
              <th scope="col">Setting</th>
              {matrix.tenants.map((t) => (
                <th key={t.id} scope="col" className={t.id === baseline ? 'drift-baseline' : undefined}>
                  <div className="drift-tenant-head">
                    <TenantBadge name={t.name} environment={t.environment} />
                    {t.id === baseline && <span className="pill drift-baseline-tag">baseline</span>}
                    <button type="button" className="button subtle" aria-label={`Edit settings of ${t.name}`} onClick={() => onEdit(t.id)}>
                      Edit
                    </button>
                  </div>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {matrix.rows.map((row) => (
              <tr key={row.key}>
                <th scope="row" className="drift-setting">
                  {row.label}
                </th>
                {matrix.tenants.map((t) => {
                  const value = row.values[t.id];
                  const differs = settingDiffers(row, t.id, baseline);
                  const classes = ['drift-cell', 'drift-value', differs && 'drift-differs', t.id === baseline && 'drift-baseline'];
                  return (
                    <td
                      key={t.id}
                      className={classes.filter(Boolean).join(' ')}
                      title={differs ? `Differs from ${baselineName}` : undefined}
                    >
                      {value?.text ?? '–'}
                      {differs && <span className="visually-hidden">; differs from {baselineName}</span>}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
