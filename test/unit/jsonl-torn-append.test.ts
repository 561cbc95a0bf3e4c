// A JSON Lines append that the disk refuses part-way (ENOSPC, EIO) leaves a torn line with no
// newline. The next append, which its caller is told was written, must start a line of its own and
// read back; it must not be glued onto the torn one and skipped.
import * as fs from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { JsonLinesFile, type JsonLinesFs } from '../../src-main/storage/jsonl-file';

const recordSchema = z.object({ n: z.number(), text: z.string() });

/** node:fs, except that the next write armed with `failNextWrite` writes `bytes` bytes, then throws `code`. */
function diskThatFailsPartWay() {
  let armed: { bytes: number; code: string } | null = null;
  const disk: JsonLinesFs = {
    ...fs,
    writeSync: ((fd: number, buffer: Buffer, offset: number, length: number) => {
      if (!armed) return fs.writeSync(fd, buffer, offset, length);
      const { bytes, code } = armed;
      armed = null;
      fs.writeSync(fd, buffer, offset, Math.min(bytes, length));
      throw Object.assign(new Error(`${code}: the disk refused`), { code });
    }) as JsonLinesFs['writeSync'],
  };
  return { disk, failNextWrite: (bytes: number, code: string) => void (armed = { bytes, code }) };
}

let path: string;

beforeEach(() => {
  path = join(mkdtempSync(join(tmpdir(), 'byom-jsonl-')), 'log.jsonl');
});

describe('a JSON Lines append cut short by the disk', () => {
  it.each(['ENOSPC', 'EIO'])('after %s part-way, the next record starts its own line and reads back', (code) => {
    const { disk, failNextWrite } = diskThatFailsPartWay();
    const file = new JsonLinesFile(path, recordSchema, disk);
    file.append({ n: 1, text: 'first' });

    failNextWrite(10, code);
    expect(() => file.append({ n: 2, text: 'the one the disk tore' })).toThrow(code);

    // The caller of this one is told it is written: it must be readable.
    file.append({ n: 3, text: 'after the tear' });
    const read = file.read();
    expect(read.records).toEqual([
      { n: 1, text: 'first' },
      { n: 3, text: 'after the tear' },
    ]);
    expect(read.skipped).toEqual([{ line: 2, reason: 'not JSON (a write cut short)' }]);
    // And a fresh reader (the next start) sees the same.
    expect(new JsonLinesFile(path, recordSchema).read().records.map((r) => r.n)).toEqual([1, 3]);
  });
});

describe('records appended together', () => {
  it('take one fsync for the batch, and read back in order', () => {
    let fsyncs = 0;
    const disk: JsonLinesFs = { ...fs, fsyncSync: ((fd: number) => (fsyncs++, fs.fsyncSync(fd))) as JsonLinesFs['fsyncSync'] };
    const file = new JsonLinesFile(path, recordSchema, disk);
    file.append({ n: 1, text: 'alone' });
    file.appendMany([2, 3, 4, 5].map((n) => ({ n, text: `verdict ${n}` })));
    expect(fsyncs).toBe(2);
    expect(file.read().records.map((r) => r.n)).toEqual([1, 2, 3, 4, 5]);
  });

  it('say how many of them are whole in the file when the disk refuses part-way', () => {
    // As write(2) does: a short write answers how much it wrote, and the next call fails.
    let allow: number | null = null;
    const disk: JsonLinesFs = {
      ...fs,
      writeSync: ((fd: number, buffer: Buffer, offset: number, length: number) => {
        if (allow === null) return fs.writeSync(fd, buffer, offset, length);
        if (allow === 0) {
          allow = null;
          throw Object.assign(new Error('ENOSPC: the disk refused'), { code: 'ENOSPC' });
        }
        const wrote = fs.writeSync(fd, buffer, offset, Math.min(allow, length));
        allow = 0;
        return wrote;
      }) as JsonLinesFs['writeSync'],
    };
    const file = new JsonLinesFile(path, recordSchema, disk);
    const batch = [1, 2, 3].map((n) => ({ n, text: 'x'.repeat(20) }));
    const lineBytes = `${JSON.stringify(batch[0])}\n`.length;
    // Two whole lines and part of the third reach the file.
    allow = 2 * lineBytes + 5;
    let failure: unknown;
    try {
      file.appendMany(batch);
    } catch (error) {
      failure = error;
    }
    expect(failure).toMatchObject({ code: 'ENOSPC', recordsWritten: 2 });
    // The caller writes only the rest again: nothing is in the file twice.
    file.appendMany(batch.slice(2));
    expect(file.read().records.map((r) => r.n)).toEqual([1, 2, 3]);
  });
});
