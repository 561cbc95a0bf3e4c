// How a step names itself in a report and in the offer after a crash: `Created config “GPT-4o”`,
// `Could not set the defaults`, `credential “Team OpenAI”`. Words for people, never an id alone.
import type { AuditAction, AuditObject } from '../../src-shared/audit';

const quoted = (name: string | null) => (name ? ` “${name}”` : '');

/** How a report or an offer names what a step made: `config “GPT-4o”`, `the defaults`. */
export function thingOf(step: { object: AuditObject }): string {
  const { kind, name } = step.object;
  if (kind === 'preference') return `the defaults${name ? ` (${name})` : ''}`;
  if (kind === 'override') return `override ${name ?? ''}`.trim();
  return `${kind}${quoted(name)}`;
}

const verbs: Partial<Record<AuditAction, [string, string]>> = {
  'credential.create': ['Created', 'create'],
  'config.create': ['Created', 'create'],
  'credential.delete': ['Deleted', 'delete'],
  'config.delete': ['Deleted', 'delete'],
  'config.update': ['Changed', 'change'],
  'credential.rotate': ['Set a new key on', 'set a new key on'],
  'preference.set': ['Set', 'set'],
  'override.set': ['Set', 'set'],
  'override.clear': ['Cleared', 'clear'],
  'agent.repoint': ['Moved', 'move'],
};

export function doneLabel(spec: { action: AuditAction; object: AuditObject }): string {
  return `${verbs[spec.action]?.[0] ?? 'Did'} ${thingOf(spec)}`;
}

export function failedLabel(spec: { action: AuditAction; object: AuditObject }): string {
  return `Could not ${verbs[spec.action]?.[1] ?? 'do'} ${thingOf(spec)}`;
}
