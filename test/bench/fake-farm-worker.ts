// The fake tenants of the tenant-job scenarios, in a process of their own (see fake-farm.ts): a
// real tenant does its work on its own machine, not on the thread of the app that calls it.
import { startFakeTenant, type FakeTenant, type FakeTenantOptions } from '../fake-tenant/server';

export type FarmRequest =
  | { id: number; op: 'start'; options: FakeTenantOptions; count: number }
  | { id: number; op: 'state' | 'reset' | 'requests'; tenant: number }
  | { id: number; op: 'stop' };

const tenants: FakeTenant[] = [];

async function answer(request: FarmRequest): Promise<unknown> {
  switch (request.op) {
    case 'start': {
      const started = await Promise.all(Array.from({ length: request.count }, () => startFakeTenant(request.options)));
      const first = tenants.length;
      tenants.push(...started);
      return started.map((t, i) => ({ index: first + i, baseUrl: t.baseUrl, apiAccessToken: t.apiAccessToken }));
    }
    case 'state':
      return tenants[request.tenant]!.state();
    case 'reset':
      return tenants[request.tenant]!.reset();
    case 'requests':
      return tenants[request.tenant]!.requests();
    case 'stop':
      await Promise.all(tenants.map((t) => t.stop()));
      return undefined;
  }
}

process.on('message', (request: FarmRequest) => {
  answer(request).then(
    (value) => process.send!({ id: request.id, ok: true, value }),
    (error: unknown) => process.send!({ id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) }),
  );
});
// The bench gone (ended or killed): so are its tenants.
process.on('disconnect', () => process.exit(0));
