import type { ModelChoice } from '../state/setup-store';
import { useSetupStore } from '../state/setup-store';

const statusLabel = { waiting: 'Waiting', creating: 'Creating…', created: 'Created', failed: 'Failed' } as const;

export function CompleteStep({ choices }: { choices: ModelChoice[] }) {
  const results = useSetupStore((s) => s.results);
  const done = choices.filter((c) => results[c.id]?.status === 'created').length;
  const failed = choices.filter((c) => results[c.id]?.status === 'failed').length;
  const running = choices.length - done - failed;
  return (
    <section aria-label="Creating LLM configs">
      <p className="summary" role="status" aria-live="polite">
        {running > 0
          ? `Creating LLM configs: ${done} of ${choices.length} done…`
          : failed === 0
            ? `All ${done} LLM config${done === 1 ? '' : 's'} created. Agents can use them now.`
            : `${done} of ${choices.length} LLM configs created; ${failed} failed.`}
      </p>
      <progress max={choices.length} value={done + failed} aria-label="Progress" />
      <table className="data-table" aria-label="Results">
        <thead>
          <tr>
            <th scope="col">Model</th>
            <th scope="col">Display name</th>
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
