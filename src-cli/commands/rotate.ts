// `byom-desk rotate CREDENTIAL --tenant …`: a new key for a credential on each chosen tenant, as the
// Rotate keys screen does it (in place, or by the documented fallback with --fallback). The new
// key comes from stdin or hidden prompts, never an argument.
import { Command } from 'commander';
import { variantOfCredential } from '../../src-shared/draft-from-inventory';
import { AppError } from '../../src-shared/errors';
import { isJobOfKind } from '../../src-shared/job-results';
import type { InventoryCredential, TenantInventory } from '../../src-shared/inventory';
import { plural } from '../../src-shared/plural';
import { isSecretField } from '../../src-shared/providers/credential-schema';
import type { ProviderId } from '../../src-shared/providers/catalog';
import { compareKey, keyOf, rotationFields, type StartRotationInput } from '../../src-shared/rotation';
import type { TenantProfileView } from '../../src-shared/tenant-profile';
import { readSecrets } from '../input';
import { exitCodeOf } from '../output';
import { confirmChange, reportOperation, reportsOf } from '../plans';
import { runner, type CommandContext } from '../run';
import { chosenTenants } from '../select';
import { collect, runJob, tenantOptions } from './common';

export function rotateCommand(): Command {
  return tenantOptions(
    new Command('rotate')
      .description('rotate a credential’s key on each chosen tenant; the new key from stdin (--from-stdin) or hidden prompts')
      .argument('<credential>', 'the credential’s name (or id) on the tenants'),
  )
    .option('--from-stdin', 'read the new key from stdin (a JSON object of the fields by key when there are several)')
    .option('--expires <when>', 'when the new key expires (ISO date and time), or "none" to clear it')
    .option('--fallback', 'on a tenant without PATCH: replace the credential by a successor and move its configs')
    .option('--yes', 'go ahead without asking')
    .option('--confirm <tenant>', 'a production tenant’s name, typed, to change it (repeatable)', collect)
    .action(runner({ writes: true }, rotate));
}

interface Target {
  tenant: TenantProfileView;
  credential: InventoryCredential;
  providerId: ProviderId;
}

function targetOn(tenant: TenantProfileView, inventory: TenantInventory, nameOrId: string): Target | string {
  const found = inventory.credentials.filter((c) => c.id === nameOrId || c.name.trim().toLowerCase() === nameOrId.trim().toLowerCase());
  if (found.length === 0) return `no credential called “${nameOrId}” on it`;
  if (found.length > 1) {
    return `${found.length} credentials are called “${nameOrId}” on it: name the one by its id (byom-desk inventory)`;
  }
  const credential = found[0]!;
  const providers = inventory.configs.filter((c) => c.credentialId === credential.id).map((c) => c.provider);
  return { tenant, credential, providerId: variantOfCredential(credential, providers) };
}

function expiresAtOf(value: unknown): Pick<StartRotationInput, 'expiresAt'> {
  if (value === undefined) return {};
  if (value === 'none') return { expiresAt: null };
  const at = new Date(String(value));
  if (Number.isNaN(at.getTime()))
    throw new AppError('validation', `--expires takes an ISO date and time (2026-03-31T18:00:00Z) or "none", not “${String(value)}”.`);
  return { expiresAt: at.toISOString() };
}

async function rotate({ session, out, options }: CommandContext, nameOrId: string) {
  const profiles = await chosenTenants(session, options, false);
  const expires = expiresAtOf(options.expires);
  const tenantIds = profiles.map((p) => p.id);
  await runJob(session, out, profiles, () => session.call('startInventoryRefresh', { tenantIds }));
  const states = new Map((await session.call('getInventory', { tenantIds })).map((s) => [s.tenantId, s]));
  const targets: Target[] = [];
  let failed = 0;
  for (const p of profiles) {
    const state = states.get(p.id);
    const found =
      state?.inventory && state.status === 'ok'
        ? targetOn(p, state.inventory, nameOrId)
        : `it could not be read now: ${state?.error?.message ?? 'unknown'}`;
    if (typeof found === 'string') {
      failed++;
      out.record('rotation', { tenantId: p.id, tenant: p.name, outcome: 'failed', error: found });
      out.note(`${p.name}: not rotated: ${found}`);
    } else targets.push(found);
  }
  if (targets.length === 0) throw new AppError('not_found', `“${nameOrId}” is on none of the chosen tenants: nothing was rotated.`);
  const providerId = targets[0]!.providerId;
  const other = targets.find((t) => t.providerId !== providerId);
  if (other)
    throw new AppError(
      'validation',
      `“${nameOrId}” is a ${other.providerId} key on ${other.tenant.name} and a ${providerId} key on ${targets[0]!.tenant.name}: ` +
        'rotate them one at a time.',
    );
  // The targets should hold one key: say so where the listings suggest another.
  const first = targets[0]!;
  for (const t of targets.slice(1)) {
    const compared = compareKey(providerId, keyOf(first.credential), t.credential);
    if (!compared.same)
      out.note(`${t.tenant.name}: “${t.credential.name}” may hold another key than on ${first.tenant.name} (${compared.why}).`);
  }

  const fields = rotationFields(providerId).map((f) => ({ key: f.key, label: f.label, required: f.required, secret: isSecretField(f) }));
  const values = await readSecrets(fields, Boolean(options.fromStdin), `The new key of “${nameOrId}”`);
  const release = session.redactor.hold(Object.values(values));
  try {
    const tenants = targets.map((t) => t.tenant);
    out.line(`Rotate “${first.credential.name}” on ${plural(targets.length, 'tenant')}: ${tenants.map((t) => t.name).join(', ')}`);
    const confirmations = await confirmChange(
      session,
      `Rotate the key of “${first.credential.name}” on ${plural(targets.length, 'tenant')}?`,
      tenants,
      {
        yes: Boolean(options.yes),
        confirm: (options.confirm as string[]) ?? [],
      },
    );
    const job = await runJob(session, out, tenants, () =>
      session.call('startRotation', {
        providerId,
        values,
        targets: targets.map((t) => ({ tenantId: t.tenant.id, credentialId: t.credential.id, key: keyOf(t.credential) })),
        confirmations,
        fallback: Boolean(options.fallback),
        ...expires,
      }),
    );
    if (!isJobOfKind(job, 'rotation')) throw new AppError('internal', 'The rotation ended as another kind of job.');
    const reports = reportsOf(job, tenants, 'rotated');
    failed += reportOperation(out, 'rotation', reports, tenants, { credential: first.credential.name });
    return { code: exitCodeOf(failed, profiles.length), summary: { tenants: profiles.length, rotated: targets.length - failed, failed } };
  } finally {
    release();
  }
}
