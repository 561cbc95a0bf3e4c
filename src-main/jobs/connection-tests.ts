// "Test all": every chosen tenant's connection test as one job. Each tenant runs on its own: one
// that hangs or fails holds back no other, and cancelling aborts every socket still open.
import type { ConnectionTestResult } from '../../src-shared/connection-report';
import { testTenantConnection } from '../alation/connection-test';
import type { ConnectionHistory } from '../profiles/connection-history';
import type { TenantClients } from '../profiles/tenant-clients';
import type { TenantProfiles } from '../profiles/tenant-profiles';
import { forEachTenant, type JobDefinition } from './job-runner';

export interface ConnectionTestsDeps {
  profiles: TenantProfiles;
  clients: TenantClients;
  history: ConnectionHistory;
  now?: () => Date;
}

export function connectionTestsJob(deps: ConnectionTestsDeps, tenantIds: readonly string[]): JobDefinition<'connection-tests'> {
  const now = deps.now ?? (() => new Date());
  return {
    kind: 'connection-tests',
    title: tenantIds.length === 1 ? 'Test the connection' : `Test ${tenantIds.length} connections`,
    tenantIds,
    async run(ctx) {
      const results: Record<string, ConnectionTestResult> = {};
      await forEachTenant(ctx, tenantIds, async (tenant) => {
        tenant.running('Testing the connection', 4);
        const profile = deps.profiles.get(tenant.tenantId);
        // The client reads the secret once, when it is made; the test itself needs none.
        const report = await deps.clients.withClient(tenant.tenantId, (client) =>
          testTenantConnection({
            baseUrl: profile.baseUrl,
            ...(profile.caPem ? { caPem: profile.caPem } : {}),
            client,
            signal: ctx.signal,
            onStep: (done) => tenant.step(done),
          }),
        );
        const result: ConnectionTestResult = { testedAt: now().toISOString(), report };
        results[tenant.tenantId] = result;
        deps.history.record(tenant.tenantId, result);
        if (report.ok) {
          tenant.ok(`Connected in ${report.latencyMs ?? '?'} ms`, result);
        } else {
          const failed = report.steps.find((s) => s.status === 'failed');
          tenant.fail(failed?.error ?? { code: 'internal', message: 'The connection test failed.' }, result);
        }
      });
      return results;
    },
  };
}
