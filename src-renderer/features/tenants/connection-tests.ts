// Each tenant's latest connection test, read from the connection-tests jobs main reports: a row's
// "Test" is a job of one tenant, "Test all" a job of all, and a reloaded page finds both again.
import type { BridgeApi } from '../../../src-shared/contract';
import type { ConnectionTestResult } from '../../../src-shared/connection-report';
import type { AppErrorShape } from '../../../src-shared/errors';
import type { JobViewOf } from '../../../src-shared/job-results';
import { create } from 'zustand';
import { bridge } from '../../bridge';
import { useJobsStore } from '../../app/jobs-store';

/** The last test of each tenant as main kept it, read once per page. */
/** The store, made with the bridge passed in (a test gives it a fake one). */
export function createKeptConnectionTests(api: () => BridgeApi = bridge) {
  return create<{ kept: Record<string, ConnectionTestResult>; load(): Promise<void> }>((set) => ({
    kept: {},
    async load() {
      try {
        set({ kept: await api().listConnectionTests() });
      } catch {
        // Nothing kept to show: the jobs of this run still are.
      }
    },
  }));
}

export const useKeptConnectionTests = createKeptConnectionTests();

export type ConnectionTestState =
  | { running: true; jobId: string; /** The job tests this tenant alone: cancelling it stops nothing else. */ alone: boolean }
  | { running: false; result: ConnectionTestResult }
  | { running: false; error: AppErrorShape };

/**
 * Each tenant's latest test: what main kept on disk (from before this run), overtaken by the jobs
 * of this run as they come (`useJobsOf('connection-tests')`: oldest first, results typed).
 */
export function connectionTestStates(
  tests: readonly JobViewOf<'connection-tests'>[],
  kept: Record<string, ConnectionTestResult> = {},
): Record<string, ConnectionTestState> {
  const states: Record<string, ConnectionTestState> = {};
  for (const [tenantId, result] of Object.entries(kept)) states[tenantId] = { running: false, result };
  for (const job of tests) {
    for (const [tenantId, progress] of Object.entries(job.tenants)) {
      const result = progress.result;
      if (progress.status === 'waiting' || progress.status === 'running') {
        states[tenantId] = { running: true, jobId: job.id, alone: job.total === 1 };
      } else if (result) {
        states[tenantId] = { running: false, result };
      } else if (progress.status === 'cancelled') {
        states[tenantId] = { running: false, error: { code: 'cancelled', message: 'Connection test cancelled.' } };
      } else if (progress.error) {
        states[tenantId] = { running: false, error: progress.error };
      }
    }
  }
  return states;
}

/** Starts one job testing these tenants; its progress arrives as events. Throws what main refused. */
export async function startConnectionTests(tenantIds: string[], api: () => BridgeApi = bridge): Promise<void> {
  useJobsStore.getState().track(await api().startConnectionTests({ tenantIds }));
}
