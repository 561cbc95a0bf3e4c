// Provider setup as the page drives it, one run at a time per tenant (provider-setup.ts).
import type { HandlerSlice } from '../ipc/handlers';
import type { ProviderSetup } from './provider-setup';

export function setupHandlers(setup: ProviderSetup) {
  return {
    startProviderSetup: (input) => setup.start(input),
    validateSetupModel: (input) => setup.validateModel(input),
    createSetupConfig: (input) => setup.createConfig(input),
    describeSetupCancel: ({ runId }) => setup.describeCancel(runId),
    cancelProviderSetup: (input) => setup.cancel(input),
    finishProviderSetup: ({ runId }) => {
      setup.finish(runId);
      return { finished: true };
    },
    listTenantConfigs: ({ tenantId }) => setup.listConfigs(tenantId),
  } satisfies HandlerSlice;
}
