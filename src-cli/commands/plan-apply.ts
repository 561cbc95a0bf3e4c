// `byom-desk plan` and `byom-desk apply`: a draft on the chosen tenants, or a whole fleet file.
// `plan` exits 2 when applying would change something, as `terraform plan -detailed-exitcode`.
import { Command } from 'commander';
import { AppError } from '../../src-shared/errors';
import { plural } from '../../src-shared/plural';
import { planFleet, applyFleet } from '../fleet/run';
import { exitCodeOf, exitCodes } from '../output';
import { applyPlan, confirmChange, planDraft, reportOperation, reportPlan } from '../plans';
import { runner, type CommandContext } from '../run';
import { chosenTenants, findDraft } from '../select';
import { collect, tenantOptions } from './common';

export function planCommand(): Command {
  return tenantOptions(
    new Command('plan')
      .description('what applying a draft (or a fleet file) would do on each tenant; exit 2 when it would change something')
      .argument('[draft]', 'the draft’s title or id (not with --fleet)'),
  )
    .option('--fleet <file>', 'plan every tenant of a fleet file instead')
    .option('--prune', 'with --fleet: count what the tenants have that the file does not say as changes (apply --prune deletes it)')
    .action(runner({ writes: true }, plan));
}

export function applyCommand(): Command {
  return tenantOptions(
    new Command('apply')
      .description('plan, show the plan, then apply it to the tenants it changes (asks first, unless --yes)')
      .argument('[draft]', 'the draft’s title or id (not with --fleet)'),
  )
    .option('--fleet <file>', 'apply a fleet file to every tenant it names')
    .option('--prune', 'with --fleet: delete what the tenants have that the file does not say')
    .option('--yes', 'go ahead without asking')
    .option('--confirm <tenant>', 'a production tenant’s name, typed, to change it (repeatable)', collect)
    .option('--keep-failed', 'keep what a failed tenant’s run created, instead of rolling it back')
    .action(runner({ writes: true }, apply));
}

function draftOrFleet(options: CommandContext['options'], draft: string | undefined): 'fleet' | 'draft' {
  if (options.fleet && draft) throw new AppError('validation', 'Give a draft or --fleet FILE, not both.');
  if (options.fleet) {
    if (options.tenant?.length || options.label?.length)
      throw new AppError('validation', 'With --fleet, the file says which tenants: leave out --tenant and --label.');
    return 'fleet';
  }
  if (!draft) throw new AppError('validation', 'Name the draft to plan (byom-desk drafts list), or give --fleet FILE.');
  if (options.prune) throw new AppError('validation', '--prune goes with --fleet.');
  return 'draft';
}

async function plan(ctx: CommandContext, draftName?: string) {
  const { session, out, options } = ctx;
  if (draftOrFleet(options, draftName) === 'fleet') return planFleet(ctx, String(options.fleet));
  const draft = findDraft(await session.call('listDrafts'), draftName!);
  const profiles = await chosenTenants(session, options, false);
  const outcome = await planDraft(session, out, draft, profiles);
  const { changes, failed } = reportPlan(out, outcome, profiles);
  const code = failed > 0 ? exitCodeOf(failed, profiles.length) : changes > 0 ? exitCodes.changes : exitCodes.ok;
  return { code, summary: { tenants: profiles.length, changes, failed } };
}

async function apply(ctx: CommandContext, draftName?: string) {
  const { session, out, options } = ctx;
  if (draftOrFleet(options, draftName) === 'fleet') return applyFleet(ctx, String(options.fleet));
  const draft = findDraft(await session.call('listDrafts'), draftName!);
  const profiles = await chosenTenants(session, options, false);
  const outcome = await planDraft(session, out, draft, profiles);
  const planned = reportPlan(out, outcome, profiles);
  const toApply = profiles.filter((p) => outcome.plans.get(p.id)?.status === 'changes');
  if (toApply.length === 0) {
    out.line('Nothing to apply.');
    return {
      code: exitCodeOf(planned.failed, profiles.length),
      summary: { tenants: profiles.length, applied: 0, failed: planned.failed },
    };
  }
  const confirmations = await confirmChange(session, `Apply “${draft.title}” to ${plural(toApply.length, 'tenant')}?`, toApply, {
    yes: Boolean(options.yes),
    confirm: (options.confirm as string[]) ?? [],
  });
  const reports = await applyPlan(session, out, outcome, toApply, confirmations, Boolean(options.keepFailed));
  const failed = planned.failed + reportOperation(out, 'apply', reports, toApply, { draftId: draft.id, draft: draft.title });
  return { code: exitCodeOf(failed, profiles.length), summary: { tenants: profiles.length, applied: toApply.length, failed } };
}
