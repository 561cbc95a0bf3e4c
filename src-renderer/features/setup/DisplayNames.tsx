import type { TenantConfigSummary } from '../../../src-shared/setup';
import { ExtraConfigDisclosure } from '../../components/ExtraConfigFields';
import type { ModelChoice } from './setup-store';
import { useSetupStore } from './setup-store';
import { choiceExtraConfigType, takesExtraConfig, type NameProblem } from './names';

interface DisplayNamesProps {
  choices: ModelChoice[];
  problems: NameProblem[];
  existing: TenantConfigSummary[];
  /** The run's config `provider`: whether its configs take an extra config, and which. */
  configProvider: string | undefined;
  /** From `extraConfigErrors`, by model id. */
  extraErrors: Record<string, Record<string, string>>;
}

export function DisplayNames({ choices, problems, existing, configProvider, extraErrors }: DisplayNamesProps) {
  const updateChoice = useSetupStore((s) => s.updateChoice);
  const showExtraConfig = takesExtraConfig(configProvider);
  return (
    <section aria-label="Display names">
      <p>
        Set a friendly display name for each model; leave it blank to use the model ID. Agents show this name in their LLM list. The tenant
        has {existing.filter((c) => !c.builtIn).length} LLM config
        {existing.filter((c) => !c.builtIn).length === 1 ? '' : 's'} of its own already, and {existing.filter((c) => c.builtIn).length}{' '}
        built-in.
      </p>
      <table className="data-table" aria-label="Display names">
        <thead>
          <tr>
            <th scope="col">Model</th>
            <th scope="col">Kind</th>
            <th scope="col">Display name</th>
            {showExtraConfig && <th scope="col">Extra config</th>}
          </tr>
        </thead>
        <tbody>
          {choices.map((c, index) => {
            const mine = problems.filter((p) => p.modelId === c.id);
            const extraType = choiceExtraConfigType(c, configProvider);
            return (
              <tr key={c.id} data-model={c.id}>
                <td>
                  <code>{c.id}</code>
                </td>
                <td>{c.embedding ? `embedding${c.dimensions ? `, ${c.dimensions} dimensions` : ''}` : 'completion'}</td>
                <td>
                  <input
                    aria-label={`Display name for ${c.id}`}
                    aria-invalid={mine.some((p) => p.severity === 'error') || undefined}
                    placeholder={c.id}
                    value={c.displayName}
                    onChange={(e) => updateChoice(c.id, { displayName: e.target.value })}
                  />
                  {mine.map((p) => (
                    <p key={p.message} className={p.severity === 'error' ? 'field-error' : 'warning'}>
                      {p.message}
                    </p>
                  ))}
                </td>
                {showExtraConfig && (
                  <td>
                    {extraType ? (
                      <ExtraConfigDisclosure
                        type={extraType}
                        modelId={c.id}
                        form={c.extraConfig}
                        errors={extraErrors[c.id]}
                        onChange={(extraConfig) => updateChoice(c.id, { extraConfig })}
                        idPrefix={`extra-config-${index}`}
                      />
                    ) : (
                      <span className="muted">None for embeddings</span>
                    )}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
