// An append-only JSON Lines file: one record a line, each written with fsync before `append`
// returns, so a record the caller was told is written survives a crash or a power cut. A crash in
// the middle of a write leaves at most one torn last line; `read` skips it (and says so) and the
// next append starts on a fresh line, so one torn record never spoils the ones after it.
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, readSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { z } from 'zod';

export interface JsonLinesRead<T> {
  records: T[];
  /** Lines that are not JSON or do not fit the schema (a torn last line after a crash): 1-based. */
  skipped: { line: number; reason: string }[];
}

export class JsonLinesFile<T> {
  /** Whether the file's last byte is known to be a newline (checked once, on the first append). */
  private endsClean: boolean | null = null;

  constructor(
    readonly path: string,
    private readonly schema: z.ZodType<T>,
  ) {}

  /** Appends one record and fsyncs it. Throws when the disk refuses: the caller must know. */
  append(record: T): void {
    const checked = this.schema.parse(record);
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    const fd = openSync(this.path, 'a', 0o600);
    try {
      if (this.endsClean === null) this.endsClean = this.lastByteIsNewline();
      // A torn line from a crash has no newline: end it, so this record starts a line of its own.
      const text = `${this.endsClean ? '' : '\n'}${JSON.stringify(checked)}\n`;
      const bytes = Buffer.from(text, 'utf8');
      let written = 0;
      while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
      fsyncSync(fd);
      this.endsClean = true;
    } finally {
      closeSync(fd);
    }
  }

  /** Every whole record, in order. A missing file reads as none. */
  read(): JsonLinesRead<T> {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], skipped: [] };
      throw error;
    }
    const records: T[] = [];
    const skipped: JsonLinesRead<T>['skipped'] = [];
    const lines = text.split('\n');
    lines.forEach((line, index) => {
      if (line.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        skipped.push({ line: index + 1, reason: 'not JSON (a write cut short)' });
        return;
      }
      const parsed = this.schema.safeParse(value);
      if (parsed.success) records.push(parsed.data);
      else skipped.push({ line: index + 1, reason: parsed.error.issues[0]?.message ?? 'does not fit' });
    });
    return { records, skipped };
  }

  private lastByteIsNewline(): boolean {
    const size = statSync(this.path).size;
    if (size === 0) return true;
    const last = Buffer.alloc(1);
    // The appending descriptor cannot read: read the last byte through one of its own.
    const reader = openSync(this.path, 'r');
    try {
      readSync(reader, last, 0, 1, size - 1);
    } finally {
      closeSync(reader);
    }
    return last[0] === 0x0a;
  }
}
