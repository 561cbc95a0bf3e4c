// What the command line prints. Two forms: for a person, tables on stdout and progress on stderr
// (a cli-progress bar on a terminal, a line per tenant otherwise); with --json, JSON Lines on
// stdout, one record per line, each with a `type`, the last one `summary` (README: "JSON output").
import cliProgress from 'cli-progress';
import type { AppErrorShape } from '../src-shared/errors';
import type { JobView } from '../src-shared/jobs';

/** The process's exit codes, as README's "Exit codes" says. */
export const exitCodes = {
  ok: 0,
  /** The command failed, or every tenant it was for did. */
  failure: 1,
  /** `plan`: applying would change something (as `terraform plan -detailed-exitcode`). */
  changes: 2,
  /** Some tenants failed and others did not. */
  partial: 3,
} as const;
export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

/** 0 when none failed, 1 when all did (or there were none to do), 3 when some did. */
export function exitCodeOf(failed: number, total: number): ExitCode {
  if (failed === 0) return exitCodes.ok;
  return failed >= total ? exitCodes.failure : exitCodes.partial;
}

export interface Output {
  readonly json: boolean;
  /** A JSON Lines record (--json only). */
  record(type: string, fields: Record<string, unknown>): void;
  /** A line for a person on stdout (not with --json). */
  line(text?: string): void;
  /** Aligned columns for a person on stdout (not with --json). */
  table(headers: readonly string[], rows: readonly (readonly string[])[]): void;
  /** Text as it is on stdout (not with --json): an exported file. */
  raw(text: string): void;
  /** A remark for a person on stderr (not with --json). */
  note(text: string): void;
  /** A failure: a record with --json, a line on stderr otherwise. */
  error(error: AppErrorShape): void;
  /** Shows a job's progress until it ends; answers the listener to give `Session.follow`. */
  progress(nameOf: (tenantId: string) => string): { update(job: JobView): void; stop(): void };
}

export interface OutputStreams {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

export function createOutput(json: boolean, streams: OutputStreams = { stdout: process.stdout, stderr: process.stderr }): Output {
  const { stdout, stderr } = streams;
  const write = (stream: NodeJS.WriteStream, text: string) => void stream.write(text);
  return {
    json,
    record(type, fields) {
      if (json) write(stdout, `${JSON.stringify({ type, ...fields })}\n`);
    },
    line(text = '') {
      if (!json) write(stdout, `${text}\n`);
    },
    table(headers, rows) {
      if (!json) write(stdout, formatTable(headers, rows));
    },
    raw(text) {
      if (!json) write(stdout, text);
    },
    note(text) {
      if (!json) write(stderr, `${text}\n`);
    },
    error(error) {
      const { code, message, details } = error;
      if (json) write(stdout, `${JSON.stringify({ type: 'error', code, message, ...(details ? { details } : {}) })}\n`);
      else write(stderr, `byom-desk: ${message}${fieldLines(error)}\n`);
    },
    progress(nameOf) {
      if (json) return { update() {}, stop() {} };
      return stderr.isTTY ? barProgress(stderr, nameOf) : lineProgress(stderr, nameOf);
    },
  };
}

/** The fields a validation error names, one per line under it. */
function fieldLines(error: AppErrorShape): string {
  const fields = error.details?.fields;
  // A file's problems are in the message already, each as file:line:column.
  if (!Array.isArray(fields) || fields.length === 0 || error.details?.file !== undefined) return '';
  return fields.map((f) => `\n  ${f.path || '(input)'}: ${f.message}`).join('');
}

/** Columns padded to their widest cell; the last one is not padded. */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [headers, ...rows];
  const widths = headers.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const lineOf = (r: readonly string[]) =>
    r
      .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return `${all.map(lineOf).join('\n')}\n`;
}

/** Each tenant's end, once, as a line. */
function tenantEnds(nameOf: (id: string) => string, say: (text: string) => void) {
  const told = new Set<string>();
  return (job: JobView) => {
    for (const [id, t] of Object.entries(job.tenants)) {
      if (told.has(id) || t.status === 'waiting' || t.status === 'running') continue;
      told.add(id);
      const how = t.status === 'ok' ? 'ok' : t.status;
      const why = t.status === 'failed' ? (t.error?.message ?? t.message) : t.message;
      say(`  ${nameOf(id)}: ${how}${why ? ` (${why})` : ''}`);
    }
  };
}

function lineProgress(stderr: NodeJS.WriteStream, nameOf: (id: string) => string) {
  let titled = false;
  const ends = tenantEnds(nameOf, (text) => void stderr.write(`${text}\n`));
  return {
    update(job: JobView) {
      if (!titled) stderr.write(`${job.title}…\n`);
      titled = true;
      ends(job);
    },
    stop() {},
  };
}

function barProgress(stderr: NodeJS.WriteStream, nameOf: (id: string) => string) {
  const bars = new cliProgress.MultiBar(
    { stream: stderr, format: '{title} [{bar}] {value}/{total} tenants {now}', hideCursor: true, clearOnComplete: true, barsize: 24 },
    cliProgress.Presets.shades_classic,
  );
  let bar: cliProgress.SingleBar | null = null;
  const ends = tenantEnds(nameOf, (text) => bars.log(`${text}\n`));
  return {
    update(job: JobView) {
      const running = Object.entries(job.tenants).filter(([, t]) => t.status === 'running');
      const now =
        running.length === 1
          ? `· ${nameOf(running[0]![0])}: ${running[0]![1].message ?? 'working'}`
          : running.length > 1
            ? `· ${running.length} running`
            : '';
      if (!bar) bar = bars.create(job.total, job.done, { title: job.title, now });
      else bar.update(job.done, { title: job.title, now });
      ends(job);
    },
    stop() {
      // The tenants' lines logged since the last redraw are written by a redraw, which stop() leaves out.
      bars.update();
      bars.stop();
    },
  };
}
