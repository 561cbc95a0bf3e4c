import { describeExtraConfig } from '../../../src-shared/providers/extra-config';
import type { ModelChoice } from './setup-store';
import { useSetupStore } from './setup-store';
import { choiceExtraConfig, takesExtraConfig } from './names';
import { plural } from '../../../src-shared/plural';

const statusLabel = { waiting: 'Waiting', creating: 'Creating…', created: 'Created', failed: 'Failed' } as const;

export function CompleteStep({ choices, configProvider }: { choices: ModelChoice[]; configProvider: string | undefined }) {
  const results = useSetupStore((s) => s.results);
  const showExtraConfig = takesExtraConfig(configProvider);
  const done = choices.filter((c) => results[c.id]?.status === 'created').length;
  const failed = choices.filter((c) => results[c.id]?.status === 'failed').length;
  const running = choices.length - done - failed;
  return (
    <section aria-label="Creating LLM configs">
      <p className="summary" role="status" aria-live="polite">
        {running > 0
          ? `Creating LLM configs: ${done} of ${choices.length} done…`
          : failed === 0
            ? `All ${plural(done, 'LLM config')} created. Agents can use them now.`
            : `${done} of ${choices.length} LLM configs created; ${failed} failed.`}
      </p>
      <progress max={choices.length} value={done + failed} aria-label="Progress" />
      <table className="data-table" aria-label="Results">
        <thead>
          <tr>
            <th scope="col">Model</th>
            <th scope="col">Display name</th>
            {showExtraConfig && <th scope="col">Extra config</th>}
            <th scope="col">Result</th>
          </tr>
        </thead>
        <tbody>
          {choices.map((c) => {
            const r = results[c.id] ?? { status: 'waiting' as const };
            return (
              <tr key={c.id} data-model={c.id} className={`result ${r.status}`}>
                <td>
                  <code>{c.id}</code>
                </td>
                <td>{r.status === 'created' ? r.config.name : c.displayName || c.id}</td>
                {showExtraConfig && <td>{describeSent(c, configProvider)}</td>}
                <td>
                  {statusLabel[r.status]}
                  {r.status === 'failed' && <span className="text-danger">: {r.error.message}</span>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

/** What the config was sent with, in one line: a 400 in the Result column is then easy to place. */
function describeSent(choice: ModelChoice, configProvider: string | undefined): string {
  const built = choiceExtraConfig(choice, configProvider);
  return (built.ok && describeExtraConfig(built.value)) || '—';
}
