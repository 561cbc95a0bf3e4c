// Options several subcommands share.
import { writeFileSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import type { TenantProfileView } from '../../src-shared/tenant-profile';
import type { Output } from '../output';
import { namesOf } from '../select';
import type { Session } from '../session';

/** Commander's way to let an option repeat: each value is added to the list (absent: not given). */
export const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

/** As `collect`, for an option whose values are one of `choices`. */
export const collectChoice =
  (choices: readonly string[]) =>
  (value: string, previous: string[] | undefined): string[] => {
    if (!choices.includes(value)) throw new InvalidArgumentError(`Allowed choices are ${choices.join(', ')}.`);
    return collect(value, previous);
  };

/** --tenant and --label, both repeatable: the tenants a command is for. */
export function tenantOptions(command: Command, what = 'tenants'): Command {
  return command
    .option('--tenant <name>', `one of the ${what}, by name or id (repeatable)`, collect)
    .option('--label <label>', `every tenant with this label (repeatable)`, collect);
}

/**
 * An exported file: written to --output, or printed; with --json, a record of `type` that holds it
 * (`file`) and where it went (`output`, null for stdout).
 */
export function emitFile(out: Output, output: unknown, text: string, type: string, fields: Record<string, unknown>, wrote: string): void {
  if (typeof output === 'string') {
    writeFileSync(output, text);
    out.note(wrote.replace('{output}', output));
  } else out.raw(text);
  out.record(type, { ...fields, output: typeof output === 'string' ? output : null });
}

/** Runs one job over the tenants with its progress shown; answers it once it has ended. */
export async function runJob(session: Session, out: Output, profiles: readonly TenantProfileView[], start: () => Promise<{ id: string }>) {
  const progress = out.progress(namesOf(profiles));
  try {
    const started = await start();
    return await session.follow(started.id, (job) => progress.update(job));
  } finally {
    progress.stop();
  }
}
