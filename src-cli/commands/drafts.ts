// `byom-desk drafts list|show|export|import`: the Drafts screen's list and its files.
import { Command } from 'commander';
import { draftFileSchema, draftModelName, type DraftView } from '../../src-shared/drafts';
import { providerVariant } from '../../src-shared/providers/catalog';
import { isSecretField } from '../../src-shared/providers/credential-schema';
import { canPrompt, readSecrets } from '../input';
import { exitCodes, type Output } from '../output';
import { runner, type CommandContext } from '../run';
import { findDraft } from '../select';
import { emitFile } from './common';
import { parseYamlFile, readTextFile } from '../yaml-file';

export function draftsCommand(): Command {
  const drafts = new Command('drafts').description('drafts: offline provider setups to plan and apply');
  drafts
    .command('list')
    .description('every draft, newest first')
    .action(runner({ writes: false }, list));
  drafts
    .command('show')
    .description('one draft: provider, credential, models, defaults, what is missing')
    .argument('<draft>', 'its title or id')
    .action(runner({ writes: false }, show));
  drafts
    .command('export')
    .description('a draft as a file (format byom-desk-draft), never with a secret')
    .argument('<draft>', 'its title or id')
    .option('--output <file>', 'write to this file instead of stdout')
    .action(runner({ writes: false }, exportDraft));
  drafts
    .command('import')
    .description('a draft from a file; its secrets from stdin (--from-stdin) or hidden prompts, else marked missing')
    .argument('<file>', 'a byom-desk-draft file')
    .option('--from-stdin', 'read the secret (or a JSON object of the secret fields by key) from stdin')
    .action(runner({ writes: true }, importDraft));
  return drafts;
}

/** What a record says of a draft: everything but secrets, which a draft view never holds. */
export function draftRecord(d: DraftView) {
  return {
    draftId: d.id,
    title: d.title,
    providerId: d.providerId,
    credential: d.values.name ?? '',
    values: d.values,
    models: d.models,
    defaults: d.defaults,
    expiresAt: d.expiresAt,
    secrets: d.secrets,
    problems: d.problems,
    revision: d.revision,
    updatedAt: d.updatedAt,
  };
}

async function list({ session, out }: CommandContext) {
  const drafts = await session.call('listDrafts');
  for (const d of drafts) out.record('draft', draftRecord(d));
  out.table(
    ['TITLE', 'PROVIDER', 'CREDENTIAL', 'MODELS', 'READY', 'UPDATED', 'ID'],
    drafts.map((d) => [
      d.title,
      providerVariant(d.providerId).label,
      d.values.name ?? '',
      String(d.models.length),
      d.problems.length === 0 ? 'yes' : `${d.problems.length} to fix`,
      d.updatedAt,
      d.id,
    ]),
  );
  if (drafts.length === 0) out.note('No drafts yet: make one in the app, or import a file with byom-desk drafts import.');
  return { code: exitCodes.ok, summary: { drafts: drafts.length } };
}

function printDraft(out: Output, d: DraftView) {
  out.line(`${d.title}  (${d.id}, revision ${d.revision})`);
  out.line(`Provider    ${providerVariant(d.providerId).label}`);
  for (const [key, value] of Object.entries(d.values)) out.line(`${key.padEnd(11)} ${value}`);
  for (const [key, state] of Object.entries(d.secrets)) out.line(`${key.padEnd(11)} (secret: ${state})`);
  out.line(`Expires     ${d.expiresAt ?? 'not set'}`);
  out.line('Models');
  for (const m of d.models) {
    const kind = m.isEmbedding ? `embedding${m.dimensions ? `, ${m.dimensions} dimensions` : ''}` : 'completion';
    const isDefault =
      d.defaults.llmModelId === m.modelId ? ', default LLM' : d.defaults.embeddingModelId === m.modelId ? ', default embedding' : '';
    out.line(`  ${m.modelId}  “${draftModelName(m)}” (${kind}${isDefault})`);
  }
  if (d.problems.length > 0) {
    out.line('To fix before it can be planned');
    for (const p of d.problems) out.line(`  ${p.path || 'draft'}: ${p.message}`);
  }
  if (d.notes) out.line(`Notes       ${d.notes}`);
}

async function show({ session, out }: CommandContext, titleOrId: string) {
  const draft = findDraft(await session.call('listDrafts'), titleOrId);
  out.record('draft', draftRecord(draft));
  printDraft(out, draft);
  return exitCodes.ok;
}

async function exportDraft({ session, out, options }: CommandContext, titleOrId: string) {
  const draft = findDraft(await session.call('listDrafts'), titleOrId);
  const file = await session.call('exportDraft', { id: draft.id });
  const text = `${JSON.stringify(file, null, 2)}\n`;
  emitFile(
    out,
    options.output,
    text,
    'draft-file',
    { draftId: draft.id, title: draft.title, file },
    `Wrote “${draft.title}” to {output} (no secret is in it).`,
  );
  return exitCodes.ok;
}

async function importDraft({ session, out, options }: CommandContext, path: string) {
  const text = readTextFile(path);
  // Read here only to know which secrets to ask for (a problem named by its line): main checks the
  // file again, as the app's import does.
  const { value: file } = parseYamlFile(path, text, draftFileSchema);
  const fields = providerVariant(file.draft.providerId).fields.filter(isSecretField);
  const fromStdin = Boolean(options.fromStdin);
  const secrets = fromStdin || canPrompt() ? await readSecrets(fields, fromStdin, `“${file.draft.title}”`) : {};
  const draft = await session.call('importDraft', { text, secrets });
  out.record('draft', draftRecord(draft));
  out.line(`Imported “${draft.title}” (${draft.id}).`);
  const missing = Object.entries(draft.secrets).filter(([, s]) => s === 'missing');
  if (missing.length > 0)
    out.note(
      `Its ${missing.map(([k]) => k).join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing: ` +
        'give them with --from-stdin, or in the app.',
    );
  return exitCodes.ok;
}
