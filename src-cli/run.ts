// One way every subcommand runs: open a session (taking the data folder when it writes), run,
// report a failure as the contract's typed error, print the summary record, close, and exit with
// the command's code. Ctrl+C cancels the running jobs before the process goes.
import type { Command } from 'commander';
import { AppError } from '../src-shared/errors';
import { createOutput, exitCodes, type ExitCode, type Output } from './output';
import type { TenantChoice } from './select';
import { cliDataDir, errorShapeOfFailure, openSession, type Session } from './session';

export interface GlobalOptions {
  json?: boolean;
  dataDir?: string;
  wait?: number;
}

export interface CommandContext {
  session: Session;
  out: Output;
  /** The command's own options, with the global ones. */
  options: Record<string, unknown> & GlobalOptions & TenantChoice;
}

/** What a command ends with: its exit code, and what the summary record says besides. */
export type CommandResult = ExitCode | { code: ExitCode; summary?: Record<string, unknown> };

export interface RunSpec {
  /** It changes the data folder: it takes the folder's lock (refused, or waits, while another holds it). */
  writes: boolean | ((options: Record<string, unknown>) => boolean);
  openSignInPage?: (url: string) => Promise<boolean>;
}

let version = '0.0.0';
export const setVersion = (v: string) => void (version = v);

/** Commander's action for a subcommand: `body` gets the context and the positional arguments. */
export function runner(spec: RunSpec, body: (ctx: CommandContext, ...args: string[]) => Promise<CommandResult>) {
  return async (...commanderArgs: unknown[]) => {
    const command = commanderArgs.at(-1) as Command;
    const args = commanderArgs.slice(0, -2) as string[];
    const options = command.optsWithGlobals<CommandContext['options']>();
    const out = createOutput(Boolean(options.json));
    const name = command.parent && command.parent.name() !== 'byom-desk' ? `${command.parent.name()} ${command.name()}` : command.name();
    const code = await runCommand(name, spec, options, out, (session) => body({ session, out, options }, ...args));
    await flushed();
    process.exit(code);
  };
}

async function runCommand(
  name: string,
  spec: RunSpec,
  options: CommandContext['options'],
  out: Output,
  body: (session: Session) => Promise<CommandResult>,
): Promise<ExitCode> {
  let session: Session | null = null;
  let interrupted = false;
  const onSignal = () => {
    // The first Ctrl+C cancels what runs (and rolls back what an apply made); a second one quits.
    if (interrupted || !session) process.exit(130);
    interrupted = true;
    out.note('Cancelling…');
    void session.cancelAll();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let code: ExitCode = exitCodes.failure;
  let summary: Record<string, unknown> = {};
  try {
    const writes = typeof spec.writes === 'function' ? spec.writes(options) : spec.writes;
    const wait = Number(options.wait ?? 0);
    if (!Number.isFinite(wait) || wait < 0) throw new AppError('validation', '--wait takes a number of seconds.');
    session = await openSession(cliDataDir(options.dataDir), {
      writes,
      waitSeconds: wait,
      onWait: (message) => out.note(message),
      version,
      ...(spec.openSignInPage ? { openSignInPage: spec.openSignInPage } : {}),
    });
    const result = await body(session);
    code = typeof result === 'number' ? result : result.code;
    summary = typeof result === 'number' ? {} : (result.summary ?? {});
  } catch (error) {
    const shape = errorShapeOfFailure(error);
    out.error(session ? { ...shape, message: session.redactor.redact(shape.message) } : shape);
    code = exitCodes.failure;
  } finally {
    await session?.close().catch(() => undefined);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  out.record('summary', { command: name, exitCode: code, ...summary });
  return code;
}

/** Resolves once what was written to stdout and stderr has been handed to the OS. */
function flushed(): Promise<void> {
  const drained = (stream: NodeJS.WriteStream) => new Promise<void>((resolve) => stream.write('', () => resolve()));
  return Promise.all([drained(process.stdout), drained(process.stderr)]).then(() => undefined);
}
