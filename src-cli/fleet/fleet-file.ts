// The fleet file: the desired state of every tenant it names, kept under version control. It maps
// drafts (files exported by BYOM Desk, without secrets) to tenants and labels, with the defaults
// each wants, and says where each secret comes from. README: "The fleet file" has the schema.
import { readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { z } from 'zod';
import { draftFileSchema, type DraftContent } from '../../src-shared/drafts';
import { providerVariant } from '../../src-shared/providers/catalog';
import { isSecretField } from '../../src-shared/providers/credential-schema';
import { fileError, parseYamlFile, readTextFile, type FileProblem } from '../yaml-file';

export const fleetFileVersion = 1;

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name (letters, digits and _)');

/** A section left out, or left empty (`tenants:` with nothing under it, which YAML reads as null), has nothing in it. */
const emptyAsNone = <T extends z.ZodType<Record<string, unknown>>>(schema: T) =>
  schema.nullish().transform((v) => (v ?? {}) as z.output<T>);

/** Where one secret comes from: an environment variable, a draft in BYOM Desk (its keychain entry), or stdin. */
export const secretSourceSchema = z.union([
  z.literal('stdin'),
  z.strictObject({ env: envName }),
  z.strictObject({ keychain: z.string().min(1, 'the title (or id) of a draft in BYOM Desk') }),
]);
export type SecretSource = z.infer<typeof secretSourceSchema>;

/** A model ID to become the default, null for none from this file; left out, each draft's own. */
const defaultsSchema = z.strictObject({
  llm: z.string().min(1).nullable().optional(),
  embedding: z.string().min(1).nullable().optional(),
});
export type FleetDefaults = z.infer<typeof defaultsSchema>;

const draftEntrySchema = z.strictObject({
  /** A draft file (format byom-desk-draft), relative to the fleet file. */
  file: z.string().min(1),
  /** By secret field key (`api_key`); a field left out comes from the draft of the same title in BYOM Desk. */
  secrets: emptyAsNone(z.record(z.string(), secretSourceSchema)),
});

const targetSchema = z.strictObject({
  /** Keys of `drafts`. */
  drafts: z.array(z.string().min(1)).default([]),
  defaults: defaultsSchema.optional(),
});
export type FleetTarget = z.infer<typeof targetSchema>;

export const fleetSchema = z
  .strictObject({
    version: z.literal(fleetFileVersion, `this BYOM Desk reads version ${fleetFileVersion} of the fleet file`),
    drafts: z.record(z.string().regex(/^[\w.-]+$/, 'a draft key is letters, digits, _, . and -'), draftEntrySchema),
    /** By label: every tenant with it. */
    labels: emptyAsNone(z.record(z.string().min(1), targetSchema)),
    /** By tenant name (or id). */
    tenants: emptyAsNone(z.record(z.string().min(1), targetSchema)),
  })
  .superRefine((fleet, ctx) => {
    for (const where of ['labels', 'tenants'] as const) {
      for (const [name, target] of Object.entries(fleet[where])) {
        target.drafts.forEach((key, i) => {
          if (!(key in fleet.drafts))
            ctx.addIssue({ code: 'custom', path: [where, name, 'drafts', i], message: `no draft “${key}” under drafts` });
        });
      }
    }
  });
export type Fleet = z.infer<typeof fleetSchema>;

export interface FleetDraft {
  key: string;
  /** The draft file's path, as the fleet file names it. */
  file: string;
  content: DraftContent;
  secrets: Record<string, SecretSource>;
}

export interface LoadedFleet {
  path: string;
  name: string;
  fleet: Fleet;
  drafts: Map<string, FleetDraft>;
  /** A problem at this path of the fleet file, with its line. */
  problem(path: readonly PropertyKey[], message: string): FileProblem;
  /** Throws these problems as one error naming the fleet file. */
  fail(problems: readonly FileProblem[]): never;
}

/** Reads and checks the fleet file and every draft file it names: an error names each file, line and path. */
export function loadFleet(path: string): LoadedFleet {
  const { value: fleet, locate } = parseYamlFile(path, readTextFile(path), fleetSchema);
  const problem = (at: readonly PropertyKey[], message: string) => ({ ...locate(at), message });
  const fail = (problems: readonly FileProblem[]): never => {
    throw fileError(path, problems);
  };
  const drafts = new Map<string, FleetDraft>();
  const problems: FileProblem[] = [];
  for (const [key, entry] of Object.entries(fleet.drafts)) {
    const draftPath = resolve(dirname(path), entry.file);
    let text: string;
    try {
      text = readFileSync(draftPath, 'utf8');
    } catch {
      problems.push(problem(['drafts', key, 'file'], `cannot read ${entry.file}`));
      continue;
    }
    const { value: file } = parseYamlFile(draftPath, text, draftFileSchema);
    const secretKeys = providerVariant(file.draft.providerId)
      .fields.filter(isSecretField)
      .map((f) => f.key);
    for (const field of Object.keys(entry.secrets)) {
      if (!secretKeys.includes(field))
        problems.push(
          problem(['drafts', key, 'secrets', field], `not a secret field of ${file.draft.providerId} (${secretKeys.join(', ')})`),
        );
    }
    drafts.set(key, { key, file: entry.file, content: file.draft, secrets: entry.secrets });
  }
  if (problems.length > 0) fail(problems);
  return { path, name: basename(path), fleet, drafts, problem, fail };
}
