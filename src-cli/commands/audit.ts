// `byom-desk audit`: the audit log, filtered in main as the Audit screen filters it, newest first.
import { Command, Option } from 'commander';
import { auditActions, auditObjectText, auditOutcomes, type AuditFilter } from '../../src-shared/audit';
import { auditToCsv, auditToJson } from '../../src-shared/audit-export';
import { AppError } from '../../src-shared/errors';
import { exitCodes } from '../output';
import { runner, type CommandContext } from '../run';
import { listProfiles } from '../select';
import { collect, collectChoice } from './common';

export function auditCommand(): Command {
  return new Command('audit')
    .description('every change BYOM Desk made or tried on a tenant, newest first')
    .option('--since <when>', 'from this time: an ISO date or time, or an age such as 30m, 24h, 7d, 2w')
    .option('--until <when>', 'up to this time (same forms)')
    .option('--tenant <name>', 'a tenant, by name or id; a removed one by its id (repeatable)', collect)
    .addOption(
      new Option('--action <action>', 'only this action (repeatable)').choices(auditActions).argParser(collectChoice(auditActions)),
    )
    .addOption(
      new Option('--outcome <outcome>', 'only this outcome (repeatable)').choices(auditOutcomes).argParser(collectChoice(auditOutcomes)),
    )
    .option('--query <words>', 'every word must be in the entry')
    .option('--limit <n>', 'at most this many entries', (v) => Number(v))
    .addOption(
      new Option('--format <format>', 'table for a person; csv or json as the app exports them')
        .choices(['table', 'csv', 'json'])
        .default('table'),
    )
    .action(runner({ writes: false }, audit));
}

const ageUnits: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** An ISO date or time, or an age (`24h`) before `now`, as the filter's ISO time. */
export function timeOf(value: string, now = Date.now()): string {
  const age = /^(\d+)\s*([mhdw])$/i.exec(value.trim());
  if (age) return new Date(now - Number(age[1]) * ageUnits[age[2]!.toLowerCase()]!).toISOString();
  const at = new Date(value);
  if (Number.isNaN(at.getTime()))
    throw new AppError(
      'validation',
      `“${value}” is not a time: use an ISO date (2026-03-01), a time (2026-03-01T09:00:00Z) or an age (24h, 7d).`,
    );
  return at.toISOString();
}

async function audit({ session, out, options }: CommandContext) {
  const profiles = await listProfiles(session);
  const tenantIds = (options.tenant ?? []).map((name) => {
    const found = profiles.find((p) => p.id === name || p.name.toLowerCase() === name.toLowerCase());
    // A removed tenant is named by its id: its entries outlive it.
    return found?.id ?? name;
  });
  const filter: AuditFilter = {
    ...(tenantIds.length ? { tenantIds } : {}),
    ...(options.action ? { actions: options.action as AuditFilter['actions'] } : {}),
    ...(options.outcome ? { outcomes: options.outcome as AuditFilter['outcomes'] } : {}),
    ...(typeof options.since === 'string' ? { from: timeOf(options.since) } : {}),
    ...(typeof options.until === 'string' ? { to: timeOf(options.until) } : {}),
    ...(typeof options.query === 'string' ? { query: options.query } : {}),
    ...(typeof options.limit === 'number' ? { limit: options.limit } : {}),
  };
  const { entries, total, skippedLines, unwritten } = await session.call('listAuditEntries', filter);
  for (const line of skippedLines) out.note(`audit-log.jsonl line ${line.line} could not be read (${line.reason}); it is left as it is.`);
  if (unwritten) out.note(unwritten.message);
  if (out.json) for (const entry of entries) out.record('audit-entry', entry);
  else if (options.format === 'csv') out.raw(auditToCsv(entries));
  else if (options.format === 'json') out.raw(auditToJson(entries, filter, new Date().toISOString()));
  else {
    out.table(
      ['AT', 'TENANT', 'ACTION', 'OBJECTS', 'OUTCOME', 'SOURCE', 'MESSAGE'],
      entries.map((e) => [
        e.at,
        e.tenantName,
        e.action,
        e.objects.map(auditObjectText).join('; '),
        e.outcome + (e.errorCode ? ` (${e.errorCode})` : ''),
        e.source,
        e.message ?? '',
      ]),
    );
    if (total > entries.length) out.note(`Showing the newest ${entries.length} of ${total}: narrow it down, or raise --limit.`);
  }
  return { code: exitCodes.ok, summary: { entries: entries.length, total } };
}
