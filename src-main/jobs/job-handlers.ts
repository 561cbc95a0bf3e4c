// Jobs as the page follows them (list, cancel), and the one job it starts here: connection tests,
// whose last results are kept per tenant.
import type { HandlerSlice } from '../ipc/handlers';
import type { ConnectionHistory } from '../profiles/connection-history';
import type { TenantClients } from '../profiles/tenant-clients';
import type { TenantProfiles } from '../profiles/tenant-profiles';
import { connectionTestsJob } from './connection-tests';
import type { JobRunner } from './job-runner';

export function jobHandlers(deps: { jobs: JobRunner; profiles: TenantProfiles; clients: TenantClients; history: ConnectionHistory }) {
  const { jobs, profiles, history } = deps;
  return {
    listJobs: () => jobs.list(),
    cancelJob: ({ jobId }) => ({ cancelled: jobs.cancel(jobId) }),
    startConnectionTests: async ({ tenantIds }) => {
      for (const id of tenantIds) profiles.get(id);
      return jobs.start(connectionTestsJob(deps, [...new Set(tenantIds)]));
    },
    listConnectionTests: () => history.all(),
  } satisfies HandlerSlice;
}
