// Jobs run in main; the page follows them. One subscription to `job.updated` for the whole page,
// and `listJobs` on start, so a reloaded page picks up the jobs still running and their results.
// A screen reads a job through `useJobOf` (or every job of a kind through `useJobsOf`), narrowed to
// its kind: its results are typed, no cast.
import type { BridgeApi } from '../../src-shared/contract';
import { useMemo } from 'react';
import { create } from 'zustand';
import { isJobOfKind, type JobViewOf } from '../../src-shared/job-results';
import type { JobKind, JobView } from '../../src-shared/jobs';
import { asAppError, bridge } from '../bridge';
import { useAppStore } from './app-store';

interface JobsState {
  jobs: Record<string, JobView>;
  attached: boolean;
  attach(): Promise<void>;
  /** Keeps a job the page just started (its events may come before or after this). */
  track(job: JobView): void;
  cancel(jobId: string): Promise<void>;
}

/** A later state wins (events and call answers can overtake each other); the revision says which is later. */
function newer(a: JobView | undefined, b: JobView): boolean {
  return !a || b.revision > a.revision;
}

/** Main keeps the last 30 finished jobs; the page keeps no more. */
const keepFinished = 30;

function pruned(jobs: Record<string, JobView>): Record<string, JobView> {
  const finished = Object.values(jobs)
    .filter((j) => j.status !== 'running')
    .sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  if (finished.length <= keepFinished) return jobs;
  const drop = new Set(finished.slice(keepFinished).map((j) => j.id));
  return Object.fromEntries(Object.entries(jobs).filter(([id]) => !drop.has(id)));
}

/** The store, made with the bridge passed in (a test gives it a fake one). */
export function createJobsStore(api: () => BridgeApi = bridge) {
  let stopListening: (() => void) | undefined;
  return create<JobsState>((set, get) => ({
    jobs: {},
    attached: false,
    async attach() {
      if (get().attached) return;
      set({ attached: true });
      stopListening ??= api().on('job.updated', (job) => get().track(job));
      try {
        for (const job of await api().listJobs()) get().track(job);
      } catch (error) {
        useAppStore.getState().showError(asAppError(error));
      }
    },
    track: (job) => set((s) => (newer(s.jobs[job.id], job) ? { jobs: pruned({ ...s.jobs, [job.id]: job }) } : {})),
    async cancel(jobId) {
      try {
        await api().cancelJob({ jobId });
      } catch (error) {
        useAppStore.getState().showError(asAppError(error));
      }
    },
  }));
}

export const useJobsStore = createJobsStore();

/**
 * The one way a screen reads a job and its results: the job with this id when it is of one of
 * `kinds` (its tenants' results then have that kind's type), else undefined.
 */
export function useJobOf<K extends JobKind>(jobId: string | null | undefined, ...kinds: K[]): JobViewOf<K> | undefined {
  const job = useJobsStore((s) => (jobId ? s.jobs[jobId] : undefined));
  return isJobOfKind(job, ...kinds) ? job : undefined;
}

/** Every job of `kind` the page knows, oldest first, narrowed as `useJobOf` narrows one: results typed, no cast. */
export function useJobsOf<K extends JobKind>(kind: K): JobViewOf<K>[] {
  const jobs = useJobsStore((s) => s.jobs);
  return useMemo(() => jobsOf(jobs, kind), [jobs, kind]);
}

/** `useJobsOf` outside React: the jobs of `kind`, oldest first. */
export function jobsOf<K extends JobKind>(jobs: Record<string, JobView>, kind: K): JobViewOf<K>[] {
  return Object.values(jobs)
    .filter((job): job is JobViewOf<K> => isJobOfKind(job, kind))
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}
