// An append-only JSON Lines file: one record a line, each written with fsync before `append`
// returns, so a record the caller was told is written survives a crash or a power cut. A crash in
// the middle of a write, or a disk that refuses part-way, leaves at most one torn last line; `read` skips it (and says so) and the
// next append starts on a fresh line, so one torn record never spoils the ones after it.
import * as nodeFs from 'node:fs';
import { dirname } from 'node:path';
import type { z } from 'zod';

export interface JsonLinesRead<T> {
  records: T[];
  /** Lines that are not JSON or do not fit the schema (a torn last line after a crash): 1-based. */
  skipped: { line: number; reason: string }[];
}

/** What a refused append adds to the disk's error: how many of its records are whole in the file. */
export interface AppendFailure {
  recordsWritten: number;
}

/** The calls a JSON Lines file makes on the disk: node:fs, or a test's disk that fails part-way. */
export type JsonLinesFs = Pick<
  typeof nodeFs,
  'closeSync' | 'fsyncSync' | 'mkdirSync' | 'openSync' | 'readFileSync' | 'readSync' | 'statSync' | 'writeSync'
>;

export class JsonLinesFile<T> {
  /** Whether the file's last byte is known to be a newline (checked on the first append and after a failed one). */
  private endsClean: boolean | null = null;

  constructor(
    readonly path: string,
    private readonly schema: z.ZodType<T>,
    private readonly fs: JsonLinesFs = nodeFs,
  ) {}

  /** Appends one record and fsyncs it. Throws when the disk refuses: the caller must know. */
  append(record: T): void {
    this.appendMany([record]);
  }

  /**
   * Appends records in order, with one fsync for all of them (a batch that ends together, such as a
   * tenant's sweep verdicts: one fsync each was most of a sweep's time on a slow disk). Throws when
   * the disk refuses, its error carrying how many records are whole in the file (AppendFailure); a crash
   * part-way leaves whole lines and at most one torn last line.
   */
  appendMany(records: readonly T[]): void {
    if (records.length === 0) return;
    const lines = records.map((record) => Buffer.from(`${JSON.stringify(this.schema.parse(record))}\n`, 'utf8'));
    this.fs.mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    const fd = this.fs.openSync(this.path, 'a', 0o600);
    // A torn line from a crash has no newline: end it, so these records start lines of their own.
    let lead = Buffer.alloc(0);
    let written = 0;
    try {
      if (this.endsClean === null) this.endsClean = this.lastByteIsNewline();
      if (!this.endsClean) lead = Buffer.from('\n');
      const bytes = Buffer.concat([lead, ...lines]);
      while (written < bytes.length) written += this.fs.writeSync(fd, bytes, written, bytes.length - written);
      this.fs.fsyncSync(fd);
      this.endsClean = true;
    } catch (error) {
      // The disk refused part-way (ENOSPC, EIO): some of this line may be in the file, without its
      // newline. Look at the last byte again before the next append, or it would be glued on.
      this.endsClean = null;
      let end = lead.length;
      const whole = lines.findIndex((line) => (end += line.length) > written);
      throw Object.assign(error as Error, { recordsWritten: whole === -1 ? lines.length : whole } satisfies AppendFailure);
    } finally {
      this.fs.closeSync(fd);
    }
  }

  /** Every whole record, in order. A missing file reads as none. */
  read(): JsonLinesRead<T> {
    let text: string;
    try {
      text = this.fs.readFileSync(this.path, 'utf8');
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
    const size = this.fs.statSync(this.path).size;
    if (size === 0) return true;
    const last = Buffer.alloc(1);
    // The appending descriptor cannot read: read the last byte through one of its own.
    const reader = this.fs.openSync(this.path, 'r');
    try {
      this.fs.readSync(reader, last, 0, 1, size - 1);
    } finally {
      this.fs.closeSync(reader);
    }
    return last[0] === 0x0a;
  }
}
