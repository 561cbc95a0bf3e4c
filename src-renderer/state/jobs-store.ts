// Jobs run in main; the page follows them. One subscription to `job.updated` for the whole page,
// and `listJobs` on start, so a reloaded page picks up the jobs still running and their results.
import { create } from 'zustand';
import type { JobView } from '../../src-shared/jobs';
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

let stopListening: (() => void) | undefined;

/** A later state wins; events can overtake a call's answer. */
function newer(a: JobView | undefined, b: JobView): boolean {
  if (!a) return true;
  if (a.status !== 'running' && b.status === 'running') return false;
  return b.done >= a.done || b.status !== 'running';
}

export const useJobsStore = create<JobsState>((set, get) => ({
  jobs: {},
  attached: false,
  async attach() {
    if (get().attached) return;
    set({ attached: true });
    stopListening ??= bridge().on('job.updated', (job) => get().track(job));
    try {
      for (const job of await bridge().listJobs()) get().track(job);
    } catch (error) {
      useAppStore.getState().showError(asAppError(error));
    }
  },
  track: (job) => set((s) => (newer(s.jobs[job.id], job) ? { jobs: { ...s.jobs, [job.id]: job } } : {})),
  async cancel(jobId) {
    try {
      await bridge().cancelJob({ jobId });
    } catch (error) {
      useAppStore.getState().showError(asAppError(error));
    }
  },
}));
