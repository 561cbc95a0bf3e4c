// Applies that a quit or a crash cut short, found in their journals on start: each says which
// tenants it did not finish and what it had made there, and offers to finish it or take it back.
import { useEffect, useState } from 'react';
import { asAppError, bridge } from '../bridge';
import { useAppStore } from '../state/app-store';
import { useDraftsStore } from '../state/drafts-store';
import { ProductionNames, productionNames } from '../components/ProductionNames';
import { useJobsStore } from '../state/jobs-store';
import { useTenantsStore } from '../state/tenants-store';
import { ApplyProgress } from './ApplyProgress';

export function UnfinishedApplies() {
  const unfinished = useDraftsStore((s) => s.unfinished);
  const loadUnfinished = useDraftsStore((s) => s.loadUnfinished);
  const jobs = useJobsStore((s) => s.jobs);
  const showError = useAppStore((s) => s.showError);
  const profiles = useTenantsStore((s) => s.profiles);
  const [typed, setTyped] = useState<Record<string, string>>({});
  /** Resumes and roll backs started here: apply id → job id. */
  const [started, setStarted] = useState<Record<string, string>>({});
  const shown = Object.values(started)
    .map((id) => jobs[id])
    .filter((j) => j !== undefined);
  const finishedCount = shown.filter((j) => j.status !== 'running').length;
  // When one ends, its journal is finished (or still open, if it failed part-way): ask main again.
  useEffect(() => {
    if (finishedCount > 0) void loadUnfinished();
  }, [finishedCount, loadUnfinished]);

  const start = async (applyId: string, call: () => Promise<{ jobId: string }>) => {
    try {
      const { jobId } = await call();
      setStarted((s) => ({ ...s, [applyId]: jobId }));
    } catch (error) {
      showError(asAppError(error));
    }
  };

  if (unfinished.length === 0 && shown.length === 0) return null;
  return (
    <section className="unfinished-applies" aria-label="Unfinished applies">
      {unfinished
        .filter((u) => !started[u.applyId] || jobs[started[u.applyId]!]?.status !== 'running')
        .map((u) => (
        <div key={u.applyId} className="notice unfinished" role="alert">
          <p>
            <strong>Applying “{u.draftTitle}” was cut short</strong> ({new Date(u.startedAt).toLocaleString()}): BYOM Desk quit before it finished on{' '}
            {u.tenants.map((t) => t.tenantName).join(', ')}.
          </p>
          <ul>
            {u.tenants.map((t) => (
              <li key={t.tenantId}>
                {t.tenantName}: last step {t.lastStep}
                {t.created.length ? `; made ${t.created.join(', ')}` : '; nothing made yet'}
              </li>
            ))}
          </ul>
          {(() => {
            // Finishing or rolling back changes production tenants too: each needs its name typed.
            const { production, ready, confirmations } = productionNames(
              u.tenants.map((t) => profiles.find((p) => p.id === t.tenantId)),
              typed,
            );
            return (
              <>
                <ProductionNames tenants={production} typed={typed} onType={(id, text) => setTyped((x) => ({ ...x, [id]: text }))} what="resume or roll back there" />
                <div className="button-row">
                  <button type="button" className="button primary" disabled={!ready} onClick={() => void start(u.applyId, () => bridge().resumeApply({ applyId: u.applyId, confirmations }))}>
                    Resume
                  </button>
                  <button type="button" className="button" disabled={!ready} onClick={() => void start(u.applyId, () => bridge().rollBackApply({ applyId: u.applyId, confirmations }))}>
                    Roll back
                  </button>
                </div>
              </>
            );
          })()}
        </div>
      ))}
      {shown.map((job) => (
        <ApplyProgress key={job.id} job={job} />
      ))}
    </section>
  );
}
