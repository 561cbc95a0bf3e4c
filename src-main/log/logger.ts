import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

/**
 * Knows every secret main holds right now and blanks it out of anything written to a log. Callers
 * log events and ids, not payloads; this is the second line of defence. Secrets are held by their
 * owners (a tenant's client, a setup run) and released when the owner ends, so the set stays as
 * small as what is in use and does not grow for the life of the process.
 */
export class SecretRedactor {
  private readonly counts = new Map<string, number>();

  /** Blanks these secrets out of every line until the returned function is called (once is enough). */
  hold(secrets: Iterable<string>): () => void {
    // Very short values would blank out ordinary words; they are never real secrets.
    const held = [...new Set(secrets)].filter((s) => s.length >= 6);
    for (const s of held) this.counts.set(s, (this.counts.get(s) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const s of held) {
        const left = (this.counts.get(s) ?? 1) - 1;
        if (left <= 0) this.counts.delete(s);
        else this.counts.set(s, left);
      }
    };
  }

  /** How many distinct secrets are held now. */
  get size(): number {
    return this.counts.size;
  }

  redact(text: string): string {
    return redactAll(text, this.counts.keys());
  }
}

function redactAll(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join('[redacted]');
  return out;
}

/**
 * The secrets one owner has handed out (a client's auth secret and its current token, a setup
 * run's provider keys), held in the shared redactor and released together. A slot holds one
 * secret: a refreshed token replaces the old one instead of piling up.
 */
export class SecretScope {
  private readonly slots = new Map<string, { value: string; release: () => void }>();
  private transientId = 0;

  constructor(private readonly redactor: SecretRedactor | undefined) {}

  set(slot: string, secret: string): void {
    const current = this.slots.get(slot);
    if (current?.value === secret) return;
    const release = this.redactor?.hold([secret]) ?? (() => {});
    current?.release();
    this.slots.set(slot, { value: secret, release });
  }

  /** Holds `secrets` while `work` runs: request bodies whose secrets the answer might echo. */
  async during<T>(secrets: readonly string[], work: () => Promise<T>): Promise<T> {
    const slots = secrets.map((s) => {
      const slot = `transient:${this.transientId++}`;
      this.set(slot, s);
      return slot;
    });
    try {
      return await work();
    } finally {
      for (const slot of slots) this.drop(slot);
    }
  }

  drop(slot: string): void {
    this.slots.get(slot)?.release();
    this.slots.delete(slot);
  }

  /** Blanks this scope's secrets out of `text` (server messages kept in errors). */
  redact(text: string): string {
    return redactAll(
      text,
      [...this.slots.values()].map((s) => s.value).filter((s) => s.length >= 6),
    );
  }

  release(): void {
    for (const slot of [...this.slots.keys()]) this.drop(slot);
  }
}

/**
 * JSON lines in one file, one event per line. Best effort: logging never changes an outcome, so a
 * line the disk refuses (full, gone, read-only) is dropped, never thrown into the caller, which may
 * be handling a typed error or ending a job. Standard error says so once per run of failures.
 */
export function createFileLogger(file: string, redactor: SecretRedactor, minLevel: LogLevel = 'info'): Logger {
  mkdirSync(dirname(file), { recursive: true });
  const order: LogLevel[] = ['debug', 'info', 'warn', 'error'];
  let failing = false;
  const write = (level: LogLevel, event: string, fields?: LogFields) => {
    if (order.indexOf(level) < order.indexOf(minLevel)) return;
    try {
      const line = JSON.stringify({ time: new Date().toISOString(), level, event, ...fields });
      appendFileSync(file, `${redactor.redact(line)}\n`, { mode: 0o600 });
      failing = false;
    } catch (error) {
      if (failing) return;
      failing = true;
      const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
      try {
        process.stderr.write(`BYOM Desk could not write its log (${file}: ${code}); lines are dropped until it can.\n`);
      } catch {
        // No standard error either: nothing is left to tell.
      }
    }
  };
  return {
    debug: (e, f) => write('debug', e, f),
    info: (e, f) => write('info', e, f),
    warn: (e, f) => write('warn', e, f),
    error: (e, f) => write('error', e, f),
  };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
