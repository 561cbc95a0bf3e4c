// A canary for every secret field of every provider variant (the catalog's eight, each secret field
// of each), through everything that carries or touches one: provider setup (refused with the key
// quoted back, valid, cancelled with deletion, kept); a draft saved, saved again, exported, imported
// with new secrets and duplicated; plan and apply; the inventory, the health sweep and its export;
// defaults, overrides and expiries; "make a draft from this"; a rotation in place and by the
// fallback; a deletion; the audit log and its export. Then the data folder (every file,
// recursively), the log, every IPC answer and event, and the exported files are searched for every
// canary and every token the tenants issued. One test per variant, each with its own two tenants.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditToCsv, auditToJson } from '../../src-shared/audit-export';
import { toCsv, toJson } from '../../src-shared/inventory-export';
import { inventoryRows } from '../../src-shared/inventory-rows';
import { providerIds, type ProviderId } from '../../src-shared/providers/catalog';
import { findRotationMatches } from '../../src-shared/rotation';
import type { TenantOperationReport } from '../../src-shared/tenant-operation';
import { startFakeTenant, type FakeTenant, type FakeTenantOptions } from '../fake-tenant/server';
import {
  Canaries,
  draftContentOf,
  filesUnder,
  leaksIn,
  modelOf,
  plainValuesOf,
  rotationValues,
  secretFieldsByVariant,
  secretValues,
  type Haystack,
} from '../support/canaries';
import { apiTokenProfile, leakTestLifecycle, startRecordedApp, type RecordedApp } from '../support/recorded-app';

const { fakes, apps } = leakTestLifecycle('provider leak test');

async function fake(options: FakeTenantOptions): Promise<FakeTenant> {
  const tenant = await startFakeTenant({ builtInConfigs: false, ...options });
  fakes.push(tenant);
  return tenant;
}

/** Provider setup: refused (the tenant quotes the key), then valid in the same run and cancelled with deletion; then a run kept. */
async function setUpProvider(app: RecordedApp, canaries: Canaries, tenantId: string, id: ProviderId, tenant: FakeTenant) {
  const model = { modelName: modelOf[id], isEmbedding: false };
  const refused = await app.call('startProviderSetup', {
    tenantId,
    providerId: id,
    values: { ...plainValuesOf(id, 'Refused'), ...secretValues(canaries, id, 'setup-refused', { refused: true }) },
  });
  expect(refused).toMatchObject({
    status: 'invalid',
    credentialId: null,
    failure: { stage: 'validate', message: expect.stringContaining('[redacted]') },
  });
  const runId = refused.runId;
  const valid = await app.call('startProviderSetup', {
    tenantId,
    providerId: id,
    runId,
    values: { ...plainValuesOf(id, 'Cancelled'), ...secretValues(canaries, id, 'setup-cancelled') },
  });
  expect(valid.status).toBe('valid');
  expect(await app.call('validateSetupModel', { runId, ...model })).toMatchObject({ valid: true });
  await app.call('createSetupConfig', { runId, ...model, name: '' });
  expect(await app.call('describeSetupCancel', { runId })).toMatchObject({ credentials: ['Cancelled'] });
  await app.call('cancelProviderSetup', { runId, deleteCreated: true });
  expect(tenant.state().credentials).toEqual([]);

  const kept = await app.call('startProviderSetup', {
    tenantId,
    providerId: id,
    values: { ...plainValuesOf(id, 'Kept'), ...secretValues(canaries, id, 'setup-kept') },
  });
  expect(kept.status).toBe('valid');
  await app.call('createSetupConfig', { runId: kept.runId, ...model, name: 'Kept config' });
  await app.call('finishProviderSetup', { runId: kept.runId });
  expect(await app.call('listTenantConfigs', { tenantId })).toEqual([expect.objectContaining({ name: 'Kept config' })]);
}

/** A draft saved, saved again with new secrets, exported, imported with others, duplicated: the imported one, to apply. */
async function draftAndImport(app: RecordedApp, canaries: Canaries, id: ProviderId, exportDir: string) {
  const content = draftContentOf(id, 'Drafted credential');
  const draft = await app.call('saveDraft', { content, secrets: secretValues(canaries, id, 'draft'), clearSecrets: [] });
  expect(draft.secrets).toEqual(Object.fromEntries(secretFieldsByVariant[id].map((k) => [k, 'stored'])));
  await app.call('saveDraft', {
    id: draft.id,
    revision: draft.revision,
    content: { ...content, notes: 'again' },
    secrets: secretValues(canaries, id, 'draft-resaved'),
    clearSecrets: [],
  });
  const file = await app.call('exportDraft', { id: draft.id });
  writeFileSync(join(exportDir, `draft-${id}.json`), JSON.stringify(file, null, 2));
  // A secret smuggled into the file is dropped on import, and must not surface anywhere either.
  const smuggled = {
    ...file,
    draft: { ...file.draft, values: { ...file.draft.values, ...secretValues(canaries, id, 'smuggled-in-file') } },
  };
  const imported = await app.call('importDraft', { text: JSON.stringify(smuggled), secrets: secretValues(canaries, id, 'import') });
  expect(imported.problems).toEqual([]);
  expect(await app.call('duplicateDraft', { id: imported.id })).toMatchObject({ secretsCopied: true });
  await app.call('listDrafts');
  return imported;
}

describe('no secret leaks: every secret field of every provider variant', () => {
  it.each(providerIds)(
    '%s: setup, drafts, plan and apply, inventory, sweep, settings, rotation in place and by the fallback, audit',
    async (id) => {
      const canaries = new Canaries();
      const app = startRecordedApp(mkdtempSync(join(tmpdir(), `byom-leaks-${id}-`)));
      apps.push(app);
      const exportDir = mkdtempSync(join(tmpdir(), `byom-leaks-exports-${id}-`));
      const tenant = await fake({ apiAccessToken: canaries.make('tenant.api-access-token') });
      const noPatch = await fake({ apiAccessToken: canaries.make('tenant.api-access-token-2'), patchRoutes: '405' });
      const tenantId = (await app.call('createTenantProfile', apiTokenProfile('With PATCH', tenant))).id;
      const noPatchId = (await app.call('createTenantProfile', apiTokenProfile('Without PATCH', noPatch))).id;
      const both = [tenantId, noPatchId];

      await setUpProvider(app, canaries, tenantId, id, tenant);
      const imported = await draftAndImport(app, canaries, id, exportDir);

      const plan = await app.call('startPlan', { draftId: imported.id, tenantIds: both });
      expect((await app.finished(plan.jobId)).status).toBe('succeeded');
      const applied = await app.finished(
        (await app.call('startApply', { planId: plan.planId, confirmations: {}, keepFailed: false })).jobId,
      );
      expect(both.map((t) => applied.tenants[t]!.status)).toEqual(['ok', 'ok']);
      // A draft whose key the provider refuses, and quotes: the tenant fails alone, rolled back, the quote redacted.
      const refusedDraft = await app.call('saveDraft', {
        content: draftContentOf(id, 'Refused credential'),
        secrets: secretValues(canaries, id, 'apply-refused', { refused: true }),
        clearSecrets: [],
      });
      const refusedPlan = await app.call('startPlan', { draftId: refusedDraft.id, tenantIds: [tenantId] });
      await app.finished(refusedPlan.jobId);
      const refusedApply = await app.finished(
        (await app.call('startApply', { planId: refusedPlan.planId, confirmations: {}, keepFailed: false })).jobId,
      );
      expect(refusedApply.tenants[tenantId]).toMatchObject({ status: 'failed', error: { message: expect.stringContaining('[redacted]') } });
      expect(tenant.state().credentials.map((c) => c.name)).not.toContain('Refused credential');

      await app.finished((await app.call('startInventoryRefresh', { tenantIds: both })).id);
      const swept = await app.finished((await app.call('startHealthSweep', { tenantIds: both })).id);
      expect(swept.status).toBe('succeeded');
      const states = await app.call('getInventory', { tenantIds: both });
      const tenants = (await app.call('listTenantProfiles')).profiles.map((p) => ({ id: p.id, name: p.name, environment: p.environment }));
      const rows = inventoryRows(states, tenants);
      writeFileSync(join(exportDir, 'inventory.csv'), toCsv(rows));
      writeFileSync(join(exportDir, 'inventory.json'), toJson(rows, new Date().toISOString()));

      // Settings on the applied credential's config, its expiry, and a draft made from it.
      const drafted = states[0]!.inventory!.credentials.find((c) => c.name === 'Drafted credential')!;
      const config = states[0]!.inventory!.configs.find((c) => c.name === 'Drafted credential config')!;
      await app.call('setTenantPreference', { tenantId, defaultLlmConfigId: config.id, hideDefaultModels: true });
      await app.call('setFeatureOverride', { tenantId, featureType: 'DEFAULT_AGENT', featureKey: 'sql_query_agent', configId: config.id });
      await app.call('clearFeatureOverride', { tenantId, featureType: 'DEFAULT_AGENT', featureKey: 'sql_query_agent' });
      await app.call('setCredentialExpiry', {
        tenantId,
        credentialId: drafted.id,
        credentialName: drafted.name,
        expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      });
      await app.call('setReminderLeadHours', { hours: 48 });
      await app.call('listCredentialExpiries');
      expect(await app.call('makeDraftFromCredential', { tenantId, credentialId: drafted.id })).toMatchObject({ source: 'tenant' });

      // A new key the provider refuses, and quotes: rejected, the quote redacted. Then a good one, in place
      // where the tenant can PATCH and by the fallback where it cannot.
      const rotate = async (t: string, values: Record<string, string>, fallback: boolean) => {
        await app.finished((await app.call('startInventoryRefresh', { tenantIds: [t] })).id);
        const now = await app.call('getInventory', { tenantIds: both });
        const source = now.find((s) => s.tenantId === t)!.inventory!.credentials.find((c) => c.name === 'Drafted credential')!;
        const targets = findRotationMatches({ tenantId: t, credentialId: source.id }, now, tenants).filter((m) => m.tenantId === t);
        expect(targets).toHaveLength(1);
        const input = {
          providerId: id,
          values,
          targets: targets.map(({ credentialId, key }) => ({ tenantId: t, credentialId, key })),
          confirmations: {},
          fallback,
        };
        const job = await app.finished((await app.call('startRotation', input)).id);
        return { ...job.tenants[t]!, outcomes: (job.tenants[t]!.result as TenantOperationReport).targets?.map((x) => x.outcome) };
      };
      const rejected = await rotate(tenantId, rotationValues(canaries, id, 'rotation-refused', { refused: true }), false);
      expect(rejected.outcomes).toEqual(['rejected']);
      expect(JSON.stringify(rejected)).toContain('[redacted]');
      const newKey = rotationValues(canaries, id, 'rotation');
      expect((await rotate(tenantId, newKey, false)).outcomes).toEqual(['rotated']);
      expect((await rotate(noPatchId, newKey, true)).outcomes).toEqual(['replaced']);
      // The canaries did reach the tenants: the rotated key is what each holds now.
      const [first] = secretFieldsByVariant[id] as [string];
      const asStored = (value: string): unknown => (first === 'gcp_service_account' ? JSON.parse(value) : value);
      for (const f of [tenant, noPatch])
        expect(f.state().credentials.map((c) => c.secrets[first as 'api_key'])).toContainEqual(asStored(newKey[first]!));

      // A deletion, read again after; then the audit log of it all, and its export.
      await app.finished((await app.call('startInventoryRefresh', { tenantIds: [noPatchId] })).id);
      const [after] = await app.call('getInventory', { tenantIds: [noPatchId] });
      const items = [
        ...after!.inventory!.configs.map((c) => ({ tenantId: noPatchId, kind: 'config' as const, id: c.id })),
        ...after!.inventory!.credentials.map((c) => ({ tenantId: noPatchId, kind: 'credential' as const, id: c.id })),
      ];
      expect((await app.finished((await app.call('startInventoryDeletion', { items, confirmations: {} })).id)).status).toBe('succeeded');
      expect(noPatch.state().credentials).toEqual([]);
      const audit = await app.call('listAuditEntries', {});
      expect(audit.entries.length).toBeGreaterThan(10);
      writeFileSync(join(exportDir, 'audit.csv'), auditToCsv(audit.entries));
      writeFileSync(join(exportDir, 'audit.json'), auditToJson(audit.entries, {}, new Date().toISOString()));
      await app.call('listJobs');
      await app.call('listUnfinishedOperations');
      await app.quit();

      canaries.watchTenants(fakes);
      const haystacks: Haystack[] = [
        ...filesUnder(app.dataDir, '<data>'),
        ...filesUnder(exportDir, '<exports>'),
        ...app.answers,
        ...app.events,
      ];
      const where = haystacks.map((h) => h.where);
      for (const expected of ['<data>/logs/main.log', '<data>/drafts.json', '<data>/audit-log.jsonl', '<exports>/inventory.csv'])
        expect(where).toContain(expected);
      expect(where.some((w) => w.startsWith('<data>/operations/'))).toBe(true);
      expect(leaksIn(haystacks, canaries.all())).toEqual([]);
    },
  );
});
