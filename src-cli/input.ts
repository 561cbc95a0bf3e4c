// What the command line reads from the person: secrets (from stdin, or typed at a hidden prompt,
// and never from an argument, where `ps` and the shell's history would keep them), and the
// confirmations a change needs (yes, and a production tenant's name typed).
import { createInterface } from 'node:readline/promises';
import { AppError } from '../src-shared/errors';

export interface Terminal {
  stdin: NodeJS.ReadStream;
  stderr: NodeJS.WriteStream;
}

const terminal = (): Terminal => ({ stdin: process.stdin, stderr: process.stderr });

/** Whether a person can be asked: stdin and stderr are both a terminal. */
export const canPrompt = (t: Terminal = terminal()) => Boolean(t.stdin.isTTY && t.stderr.isTTY);

let stdinText: Promise<string> | null = null;

/** All of stdin, read once (a second caller gets the same text). */
export function readStdin(stdin: NodeJS.ReadStream = process.stdin): Promise<string> {
  stdinText ??= new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    stdin.on('data', (chunk: Buffer) => chunks.push(chunk));
    stdin.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    stdin.once('error', reject);
  });
  return stdinText;
}

/**
 * The values of `fields` from stdin: a JSON object by field key, or, when one field is asked for,
 * the text itself (its trailing line break dropped), which may itself be JSON (a service account).
 */
export function valuesFromStdinText(text: string, fields: readonly { key: string; label: string }[]): Record<string, string> {
  const trimmed = text.replace(/\r?\n$/, '');
  if (trimmed.trim() === '') throw new AppError('validation', 'Standard input is empty: give the secret on stdin.');
  const byKey = fieldsObject(trimmed, fields);
  if (byKey) return byKey;
  if (fields.length !== 1) {
    const keys = fields.map((f) => `"${f.key}"`).join(', ');
    throw new AppError('validation', `More than one value is needed: give stdin a JSON object with ${keys}.`);
  }
  return { [fields[0]!.key]: trimmed };
}

/** The text as a JSON object whose every key is one of the fields, or null when it is not one. */
function fieldsObject(text: string, fields: readonly { key: string }[]): Record<string, string> | null {
  if (!text.trimStart().startsWith('{')) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const entries = Object.entries(parsed);
  if (entries.length === 0 || !entries.every(([key]) => fields.some((f) => f.key === key))) return null;
  const values: Record<string, string> = {};
  for (const [key, value] of entries) {
    if (typeof value !== 'string') throw new AppError('validation', `Standard input's “${key}” must be a string.`);
    values[key] = value;
  }
  return values;
}

/** One line typed at a prompt on stderr, its echo hidden when `hidden`. */
export async function prompt(question: string, options: { hidden?: boolean } = {}, t: Terminal = terminal()): Promise<string> {
  if (!canPrompt(t)) throw new AppError('validation', 'No terminal to ask on: give the value on stdin instead.');
  if (!options.hidden) {
    const rl = createInterface({ input: t.stdin, output: t.stderr });
    try {
      return await rl.question(question);
    } finally {
      rl.close();
    }
  }
  return hiddenLine(question, t);
}

/** Reads a line in raw mode, echoing nothing: a typed secret is never shown nor kept by the terminal. */
function hiddenLine(question: string, t: Terminal): Promise<string> {
  const { stdin, stderr } = t;
  stderr.write(question);
  return new Promise<string>((resolve, reject) => {
    let value = '';
    const wasRaw = stdin.isRaw;
    stdin.setRawMode(true);
    stdin.resume();
    const done = (error?: Error) => {
      stdin.off('data', onData);
      stdin.setRawMode(wasRaw);
      stdin.pause();
      stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') return done();
        if (char === '\u0003') return done(new AppError('cancelled', 'Cancelled.'));
        if (char === '\u007f' || char === '\b') value = value.slice(0, -1);
        else if (char >= ' ') value += char;
      }
    };
    stdin.on('data', onData);
  });
}

/**
 * Secret values for `fields`: from stdin when `fromStdin`, else asked for one by one at a hidden
 * prompt (blank skips an optional one). Never from an argument.
 */
export async function readSecrets(
  fields: readonly { key: string; label: string; required?: boolean; secret?: boolean }[],
  fromStdin: boolean,
  what: string,
): Promise<Record<string, string>> {
  if (fields.length === 0) return {};
  if (fromStdin) return valuesFromStdinText(await readStdin(), fields);
  if (!canPrompt()) {
    throw new AppError(
      'validation',
      `${what} needs ${fields.map((f) => f.label).join(', ')}: ` +
        'give it on stdin with --from-stdin (never as an argument), or run in a terminal.',
    );
  }
  const values: Record<string, string> = {};
  for (const f of fields) {
    const optional = f.required === false ? ' (optional, Enter to skip)' : '';
    const value = await prompt(`${f.label}${optional}: `, { hidden: f.secret !== false });
    if (value !== '') values[f.key] = value;
  }
  return values;
}

/** Asks "yes" on a terminal; refuses without one unless `yes` was given. */
export async function confirm(question: string, yes: boolean): Promise<void> {
  if (yes) return;
  if (!canPrompt()) throw new AppError('validation', `${question} Add --yes to go ahead without a prompt.`);
  const answer = await prompt(`${question} Type yes to go ahead: `);
  if (answer.trim().toLowerCase() !== 'yes') throw new AppError('cancelled', 'Nothing was changed.');
}

/**
 * The typed names of the production tenants a change touches, by tenant id: from --confirm NAME,
 * else asked for on a terminal. The app's own rule checks them in main.
 */
export async function productionConfirmations(
  tenants: readonly { id: string; name: string; production: boolean; environment: string }[],
  given: readonly string[],
): Promise<Record<string, string>> {
  const confirmations: Record<string, string> = {};
  for (const t of tenants.filter((x) => x.production)) {
    if (given.includes(t.name)) confirmations[t.id] = t.name;
    else if (canPrompt()) {
      confirmations[t.id] = (await prompt(`“${t.name}” is a ${t.environment} tenant. Type its name to go ahead: `)).trim();
    } else throw new AppError('validation', `“${t.name}” is a ${t.environment} tenant: add --confirm "${t.name}" to change it.`);
  }
  return confirmations;
}

const takenFromEnv = new Map<string, string>();

/**
 * The secret in environment variable `name`, read once: it is then removed from this process's
 * environment (no child process, such as the browser opener, inherits it) and never printed.
 */
export function secretFromEnv(name: string): string {
  const known = takenFromEnv.get(name);
  if (known !== undefined) return known;
  const value = process.env[name];
  if (value === undefined || value === '')
    throw new AppError('validation', `The environment variable ${name} is not set (it should hold a secret).`);
  delete process.env[name];
  takenFromEnv.set(name, value);
  return value;
}
