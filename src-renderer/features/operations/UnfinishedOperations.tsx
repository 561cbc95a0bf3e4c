import { useShallow } from 'zustand/react/shallow';
// Operations on tenants that a quit or a crash cut short (an apply, a setup, a rotation...), found
// in their journals on start and shown above every screen: which tenants each did not finish and
// what it had made there, with Resume (as its kind finishes it) and Roll back (what it made, taken
// back from its journal). While a call is under way both buttons wait; the job it starts shows here.
import { useEffect, useState } from 'react';
import type { UnfinishedOperation } from '../../../src-shared/tenant-operation';
import { ProductionNames, productionNames, useTypedNameEnvironments } from '../../components/ProductionNames';
import { useJobsStore } from '../../app/jobs-store';
import { useOperationsStore } from './operations-store';
import { useTenantsStore } from '../tenants/tenants-store';
import { OperationProgress } from './OperationProgress';
import './operations.css';
import { showFailureOf } from '../../app/failures';

export function UnfinishedOperations() {
  const { unfinished, started, load, dismiss } = useOperationsStore(
    useShallow((s) => ({ unfinished: s.unfinished, started: s.started, load: s.load, dismiss: s.dismiss })),
  );
  const jobs = useJobsStore((s) => s.jobs);
  const {
    profiles,
    loaded,
    load: loadTenants,
  } = useTenantsStore(useShallow((s) => ({ profiles: s.profiles, loaded: s.loaded, load: s.load })));
  const shown = Object.entries(started).filter(([, s]) => jobs[s.jobId] !== undefined);
  const finishedCount = shown.filter(([, s]) => jobs[s.jobId]?.status !== 'running').length;

  useEffect(() => {
    if (!loaded) showFailureOf(loadTenants());
  }, [loaded, loadTenants]);
  // On start, and when a resume or roll back started here ends (its journal is finished, or still open).
  useEffect(() => {
    void load();
  }, [finishedCount, load]);

  const offered = unfinished.filter((u) => {
    const run = started[u.id];
    return !run || jobs[run.jobId]?.status !== 'running';
  });
  if (offered.length === 0 && shown.length === 0) return null;
  return (
    <section className="unfinished-operations" aria-label="Unfinished operations">
      {offered.map((u) => (
        <Offer key={u.id} operation={u} profiles={profiles} />
      ))}
      {shown.map(([id, s]) => (
        <div key={id} className="operation-progress-head">
          <OperationProgress jobId={s.jobId} kind={s.kind} />
          {jobs[s.jobId]?.status !== 'running' && (
            <button type="button" className="button" onClick={() => dismiss(id)}>
              Dismiss
            </button>
          )}
        </div>
      ))}
    </section>
  );
}

function Offer({
  operation: u,
  profiles,
}: {
  operation: UnfinishedOperation;
  profiles: ReturnType<typeof useTenantsStore.getState>['profiles'];
}) {
  const inFlight = useOperationsStore((s) => s.inFlight[u.id]);
  const act = useOperationsStore((s) => s.act);
  const [typed, setTyped] = useState<Record<string, string>>({});
  const typedNameEnvironments = useTypedNameEnvironments();
  // Finishing or rolling back changes production tenants too: each needs its name typed.
  const { production, ready, confirmations } = productionNames(
    u.tenants.map((t) => profiles.find((p) => p.id === t.tenantId)),
    typed,
    typedNameEnvironments,
  );
  const blocked = u.tenants.filter((t) => t.rollBackBlocked);
  return (
    <div className="notice unfinished" role="alert" aria-busy={inFlight ? true : undefined}>
      <p>
        <strong>{u.summary} was cut short</strong> ({new Date(u.startedAt).toLocaleString()}): BYOM Desk quit before it finished on{' '}
        {u.tenants.map((t) => t.tenantName).join(', ')}.
      </p>
      <ul>
        {u.tenants.map((t) => (
          <li key={t.tenantId}>
            {t.tenantName}: last step {t.lastStep}
            {t.made.length ? `; made ${t.made.join(', ')}` : '; nothing made yet'}
            {t.unsure ? `${t.made.length ? ',' : ';'} perhaps more, whose answer was lost` : ''}
            {t.rollBackBlocked ? ` (${t.rollBackBlocked})` : ''}
          </li>
        ))}
      </ul>
      {!u.resume.available && u.resume.why && <p className="muted">{u.resume.why}</p>}
      <ProductionNames
        tenants={production}
        typed={typed}
        onType={(id, text) => setTyped((x) => ({ ...x, [id]: text }))}
        what="resume or roll back there"
      />
      <div className="button-row">
        <button
          type="button"
          className="button primary"
          disabled={!ready || !u.resume.available || inFlight !== undefined}
          onClick={() => void act(u, 'resume', confirmations)}
        >
          {inFlight === 'resume' ? 'Starting…' : u.resume.label}
        </button>
        <button
          type="button"
          className="button"
          disabled={!ready || blocked.length === u.tenants.length || inFlight !== undefined}
          onClick={() => void act(u, 'roll-back', confirmations)}
        >
          {inFlight === 'roll-back' ? 'Starting…' : 'Roll back'}
        </button>
      </div>
    </div>
  );
}
