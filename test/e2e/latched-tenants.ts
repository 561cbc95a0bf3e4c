import type { FakeTenant } from '../fake-tenant/server';
import { startLatchedProxy, type LatchedProxy } from '../support/latched-proxy';
import { test } from './fixtures';

/**
 * `latched(tenant)` puts a latched proxy in front of a fake tenant (see test/support/latched-proxy.ts),
 * stopped after the test. Give the app `proxy.baseUrl`. Call once at the top of a spec file.
 */
export function latchedProxies(): (tenant: FakeTenant) => Promise<LatchedProxy> {
  const running: LatchedProxy[] = [];
  test.afterEach(async () => {
    await Promise.all(running.splice(0).map((p) => p.stop()));
  });
  return async (tenant) => {
    const proxy = await startLatchedProxy(tenant.baseUrl);
    running.push(proxy);
    return proxy;
  };
}
