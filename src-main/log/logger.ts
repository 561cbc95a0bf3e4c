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
 * Knows every secret value main has handled in this run and blanks it out of anything written to a
 * log. Callers log events and ids, not payloads; this is the second line of defence.
 */
export class SecretRedactor {
  private readonly secrets = new Set<string>();

  remember(secret: string): void {
    // Very short values would blank out ordinary words; they are never real secrets.
    if (secret.length >= 6) this.secrets.add(secret);
  }

  redact(text: string): string {
    let out = text;
    for (const secret of this.secrets) out = out.split(secret).join('[redacted]');
    return out;
  }
}

/** JSON lines in one file, one event per line. */
export function createFileLogger(file: string, redactor: SecretRedactor, minLevel: LogLevel = 'info'): Logger {
  mkdirSync(dirname(file), { recursive: true });
  const order: LogLevel[] = ['debug', 'info', 'warn', 'error'];
  const write = (level: LogLevel, event: string, fields?: LogFields) => {
    if (order.indexOf(level) < order.indexOf(minLevel)) return;
    const line = JSON.stringify({ time: new Date().toISOString(), level, event, ...fields });
    appendFileSync(file, `${redactor.redact(line)}\n`, { mode: 0o600 });
  };
  return {
    debug: (e, f) => write('debug', e, f),
    info: (e, f) => write('info', e, f),
    warn: (e, f) => write('warn', e, f),
    error: (e, f) => write('error', e, f),
  };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
