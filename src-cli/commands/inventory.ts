// `byom-desk inventory` and `byom-desk sweep`: the Inventory screen's table and health sweep.
import { Command, Option } from 'commander';
import { AppError } from '../../src-shared/errors';
import { healthLabels, emptyFilters, filterRows, inventoryRows, type InventoryTenant } from '../../src-shared/inventory-rows';
import { exportRecord, toCsv, toJson } from '../../src-shared/inventory-export';
import type { TenantInventoryState } from '../../src-shared/inventory';
import type { TenantProfileView } from '../../src-shared/tenant-profile';
import { exitCodeOf, type Output } from '../output';
import { runner, type CommandContext } from '../run';
import { chosenTenants, namesOf } from '../select';
import { runJob, tenantOptions } from './common';

export function inventoryCommand(): Command {
  return tenantOptions(
    new Command('inventory').description('every credential and LLM config of the chosen tenants (all when none), read now'),
  )
    .addOption(
      new Option('--format <format>', 'table for a person; json or csv as the app exports them')
        .choices(['table', 'json', 'csv'])
        .default('table'),
    )
    .option('--offline', 'show the last read kept on disk, without reading the tenants')
    .option('--show-built-in', 'include Alation’s built-in configs')
    .action(runner({ writes: (o) => !o.offline }, inventory));
}

export function sweepCommand(): Command {
  return tenantOptions(
    new Command('sweep').description(
      'health sweep: validate every credential of the chosen tenants (all when none) in listing mode, no billed call',
    ),
  ).action(runner({ writes: true }, sweep));
}

/** Each chosen tenant's name and environment, as the rows name it. */
const inventoryTenants = (profiles: readonly TenantProfileView[]): InventoryTenant[] =>
  profiles.map((p) => ({ id: p.id, name: p.name, environment: p.environment }));

/** Says which tenants could not be read now (their last read, if any, is shown marked stale). */
function reportUnread(out: Output, states: readonly TenantInventoryState[], profiles: readonly TenantProfileView[]): number {
  const nameOf = namesOf(profiles);
  let failed = 0;
  for (const s of states) {
    if (s.status !== 'error' && s.inventory) continue;
    failed++;
    const message = s.error?.message ?? 'never read: run byom-desk inventory without --offline';
    const kept = s.inventory ? ` Showing its read of ${s.inventory.readAt}.` : '';
    out.record('tenant-status', {
      tenantId: s.tenantId,
      tenant: nameOf(s.tenantId),
      status: 'failed',
      error: s.error ?? null,
      readAt: s.inventory?.readAt ?? null,
    });
    out.note(`${nameOf(s.tenantId)}: could not be read now: ${message}${kept}`);
  }
  return failed;
}

async function inventory({ session, out, options }: CommandContext) {
  const profiles = await chosenTenants(session, options, true);
  const tenantIds = profiles.map((p) => p.id);
  if (!options.offline) await runJob(session, out, profiles, () => session.call('startInventoryRefresh', { tenantIds }));
  const states = await session.call('getInventory', { tenantIds });
  const { expiries, leadHours } = await session.call('listCredentialExpiries');
  const rows = filterRows(
    inventoryRows(states, inventoryTenants(profiles), expiries),
    { ...emptyFilters, showBuiltIns: Boolean(options.showBuiltIn) },
    [],
    {
      now: Date.now(),
      leadHours,
    },
  );
  const failed = reportUnread(out, states, profiles);
  if (out.json) for (const row of rows) out.record('inventory-row', { tenantId: row.tenant.id, ...exportRecord(row) });
  else if (options.format === 'csv') out.raw(toCsv(rows));
  else if (options.format === 'json') out.raw(toJson(rows, new Date().toISOString()));
  else {
    out.table(
      ['TENANT', 'CREDENTIAL', 'TYPE', 'CONFIG', 'MODEL', 'KIND', 'DEFAULT', 'AGENTS', 'HEALTH'],
      rows.map((r) => {
        const e = exportRecord(r);
        const agents = r.agents === null ? '' : String(r.agents.length);
        const health = r.health ? `${healthLabels[r.health.status]}${r.modelMissing ? ', model not listed' : ''}` : '';
        return [e.tenant, e.credential, e.credsType, e.config || (r.unused ? '(unused)' : ''), e.model, e.kind, e.default, agents, health];
      }),
    );
  }
  return { code: exitCodeOf(failed, profiles.length), summary: { tenants: profiles.length, failed, rows: rows.length } };
}

/** A sweep verdict that means a key does not work: the nightly job fails on it. */
const failing = new Set(['rejected', 'forbidden', 'error']);

async function sweep({ session, out, options }: CommandContext) {
  const profiles = await chosenTenants(session, options, true);
  const tenantIds = profiles.map((p) => p.id);
  const job = await runJob(session, out, profiles, () => session.call('startHealthSweep', { tenantIds }));
  const states = new Map((await session.call('getInventory', { tenantIds })).map((s) => [s.tenantId, s]));
  const rows: string[][] = [];
  let failedTenants = 0;
  let rejected = 0;
  for (const p of profiles) {
    const part = job.tenants[p.id];
    const state = states.get(p.id);
    if (part?.status !== 'ok') {
      failedTenants++;
      const error = part?.error ?? { code: 'cancelled', message: 'The sweep did not reach this tenant.' };
      out.record('tenant-status', { tenantId: p.id, tenant: p.name, status: part?.status ?? 'failed', error });
      rows.push([p.name, '', 'Not swept', error.message]);
      continue;
    }
    const credentials = new Map((state?.inventory?.credentials ?? []).map((c) => [c.id, c]));
    let bad = 0;
    for (const health of state?.sweep?.credentials ?? []) {
      const name = credentials.get(health.credentialId)?.name ?? health.credentialId;
      if (failing.has(health.status)) bad++;
      if (health.status === 'rejected') rejected++;
      out.record('sweep-credential', {
        tenantId: p.id,
        tenant: p.name,
        credentialId: health.credentialId,
        credential: name,
        status: health.status,
        modelCount: health.modelCount,
        missingModels: health.missingModels,
        message: health.message,
        advice: health.advice,
      });
      const missing = health.missingModels.length > 0 ? `; not listed: ${health.missingModels.join(', ')}` : '';
      const detail = health.status === 'ok' ? `${health.modelCount ?? 0} models${missing}` : (health.message ?? '');
      rows.push([p.name, name, healthLabels[health.status], detail]);
    }
    if (bad > 0) failedTenants++;
  }
  out.table(['TENANT', 'CREDENTIAL', 'VERDICT', 'DETAILS'], rows);
  if (job.status === 'failed') throw new AppError(job.error?.code ?? 'internal', job.error?.message ?? 'The sweep failed.');
  return { code: exitCodeOf(failedTenants, profiles.length), summary: { tenants: profiles.length, failed: failedTenants, rejected } };
}
