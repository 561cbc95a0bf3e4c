// The canaries through what outlives a quit: an operation's journal (operations/<id>.jsonl) and the
// next start that offers it. For every provider variant, on one tenant without PATCH: an apply cut
// short by a quit and resumed, another rolled back, and a key rotation by the fallback cut short and
// resumed; a provider setup cut short and rolled back. Each step is held on the tenant (the fake's
// own hang fault) while the app quits. Then the data folder, the log, every answer and event of
// every start, and the tenant-issued tokens are searched, as in no-secret-leaks-providers.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { providerIds, type ProviderId } from '../../src-shared/providers/catalog';
import { findRotationMatches } from '../../src-shared/rotation';
import type { OperationKind, UnfinishedOperation } from '../../src-shared/tenant-operation';
import { startFakeTenant, type FakeTenant } from '../fake-tenant/server';
import { CONFIGS, CREDS } from '../fake-tenant/test-helpers';
import {
  Canaries,
  draftContentOf,
  filesUnder,
  leaksIn,
  modelOf,
  plainValuesOf,
  rotationValues,
  secretValues,
  type Haystack,
} from '../support/canaries';
import { apiTokenProfile, leakTestLifecycle, startRecordedApp, type RecordedApp } from '../support/recorded-app';

const { fakes, apps } = leakTestLifecycle('operations leak test');

/** One data folder, started again and again as the app would be: every start's answers and events are kept. */
class Restarts {
  app: RecordedApp;
  constructor(readonly dataDir: string) {
    this.app = this.start();
  }

  private start(): RecordedApp {
    const app = startRecordedApp(this.dataDir);
    apps.push(app);
    return app;
  }

  /** Quits while the tenant holds the step `held` matches; the next start offers the operation, of this kind. */
  async quitWhileHeld(tenant: FakeTenant, held: { method: string; path: string }, kind: OperationKind): Promise<UnfinishedOperation> {
    await expect
      .poll(() => tenant.requests().some((r) => r.method === held.method && r.path === held.path && r.status === null))
      .toBe(true);
    await this.app.quit();
    this.app = this.start();
    const offered = await this.app.call('listUnfinishedOperations');
    expect(offered.map((o) => o.kind)).toEqual([kind]);
    return offered[0]!;
  }

  haystacks(): Haystack[] {
    const own = apps.filter((a) => a.dataDir === this.dataDir);
    return [
      ...filesUnder(this.dataDir, '<data>'),
      ...own.flatMap((a, i) => [...a.answers, ...a.events].map((h) => ({ ...h, where: `start ${i}: ${h.where}` }))),
    ];
  }
}

/** The next create the tenant makes, it never answers: the app quits with it on the wire. (The log starts afresh, to find that one.) */
function hangAfter(tenant: FakeTenant, method: string, path: string): void {
  tenant.clearRequests();
  tenant.setFaults([{ kind: 'hang', method, path, phase: 'after', times: 1 }]);
}

describe('no secret leaks: operations cut short by a quit, then resumed or rolled back', () => {
  it.each(providerIds)(
    '%s: an apply resumed, an apply rolled back, a fallback rotation resumed, a setup rolled back',
    async (id: ProviderId) => {
      const canaries = new Canaries();
      const tenant = await startFakeTenant({
        builtInConfigs: false,
        patchRoutes: '405',
        apiAccessToken: canaries.make('tenant.api-access-token'),
      });
      fakes.push(tenant);
      const run = new Restarts(mkdtempSync(join(tmpdir(), `byom-leaks-ops-${id}-`)));
      const tenantId = (await run.app.call('createTenantProfile', apiTokenProfile('Tenant', tenant))).id;
      const names = () =>
        tenant
          .state()
          .credentials.map((c) => c.name)
          .sort();

      const applyUntilQuit = async (credentialName: string, scenario: string) => {
        const draft = await run.app.call('saveDraft', {
          content: draftContentOf(id, credentialName, credentialName),
          secrets: secretValues(canaries, id, scenario),
          clearSecrets: [],
        });
        const plan = await run.app.call('startPlan', { draftId: draft.id, tenantIds: [tenantId] });
        await run.app.finished(plan.jobId);
        hangAfter(tenant, 'POST', CONFIGS);
        await run.app.call('startApply', { planId: plan.planId, confirmations: {}, keepFailed: false });
        return run.quitWhileHeld(tenant, { method: 'POST', path: CONFIGS }, 'apply');
      };
      const resumed = await applyUntilQuit('Resumed', 'apply-resumed');
      expect(
        (await run.app.finished((await run.app.call('resumeOperation', { operationId: resumed.id })).jobId)).tenants[tenantId]!.status,
      ).toBe('ok');
      const rolledBack = await applyUntilQuit('Rolled back', 'apply-rolled-back');
      expect(
        (await run.app.finished((await run.app.call('rollBackOperation', { operationId: rolledBack.id })).jobId)).tenants[tenantId]!.status,
      ).toBe('ok');
      expect(names()).toEqual(['Resumed']);

      // The fallback: its successor is made, then the quit comes while its config is on the wire.
      await run.app.finished((await run.app.call('startInventoryRefresh', { tenantIds: [tenantId] })).id);
      const states = await run.app.call('getInventory', { tenantIds: [tenantId] });
      const tenants = [{ id: tenantId, name: 'Tenant', environment: { label: 'staging', color: '#bf8700' } }];
      const source = states[0]!.inventory!.credentials[0]!;
      const targets = findRotationMatches({ tenantId, credentialId: source.id }, states, tenants).map(({ credentialId, key }) => ({
        tenantId,
        credentialId,
        key,
      }));
      hangAfter(tenant, 'POST', CONFIGS);
      const values = rotationValues(canaries, id, 'rotation');
      await run.app.call('startRotation', { providerId: id, values, targets, confirmations: {}, fallback: true });
      const rotation = await run.quitWhileHeld(tenant, { method: 'POST', path: CONFIGS }, 'rotation-fallback');
      const rotated = await run.app.finished((await run.app.call('resumeOperation', { operationId: rotation.id })).jobId);
      expect(rotated.tenants[tenantId], JSON.stringify(rotated.tenants[tenantId])).toMatchObject({ status: 'ok' });
      expect(names()).toHaveLength(1);
      expect(names()[0]).toMatch(/^Resumed \(rotated /);

      // A setup whose credential the tenant made and never answered for: rolled back on the next start.
      hangAfter(tenant, 'POST', CREDS);
      const setup = run.app.attempt('startProviderSetup', {
        tenantId,
        providerId: id,
        values: { ...plainValuesOf(id, 'Set up'), ...secretValues(canaries, id, 'setup') },
      });
      const cut = await run.quitWhileHeld(tenant, { method: 'POST', path: CREDS }, 'setup');
      await setup;
      expect(
        (await run.app.finished((await run.app.call('rollBackOperation', { operationId: cut.id })).jobId)).tenants[tenantId]!.status,
      ).toBe('ok');
      expect(names()).not.toContain('Set up');
      expect(modelOf[id]).toBeDefined();
      await run.app.quit();

      canaries.watchTenants(fakes);
      const haystacks = run.haystacks();
      expect(haystacks.filter((h) => h.where.startsWith('<data>/operations/')).length).toBeGreaterThanOrEqual(4);
      expect(leaksIn(haystacks, canaries.all())).toEqual([]);
    },
  );
});
