import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { confDocumentFiles } from '../../src-main/storage/document-file';
import { openVersionedDocument, type Migrations } from '../../src-main/storage/versioned-document';
import { memoryLogger } from '../support/memory-logger';

const item = z.object({ id: z.string(), name: z.string().min(1) });
const schema = z.object({ items: z.array(item) });
type Doc = z.infer<typeof schema>;

function open(dir: string, version = 1, migrations: Migrations = {}, log = memoryLogger()) {
  return openVersionedDocument<Doc>({
    files: confDocumentFiles(dir),
    name: 'things',
    version,
    migrations,
    schema,
    empty: () => ({ items: [] }),
    salvage: (raw) => {
      const list = (raw as { items?: unknown[] } | undefined)?.items;
      if (!Array.isArray(list)) return null;
      const kept = list.filter((x) => item.safeParse(x).success) as Doc['items'];
      return { value: { items: kept }, dropped: list.length - kept.length };
    },
    log,
  });
}

describe('versioned documents in the conf / electron-store format', () => {
  it('round-trips through the file as { schemaVersion, data }, readable only by the owner', () => {
    const dir = mkdtempSync(join(tmpdir(), 'byom-doc-'));
    const doc = open(dir);
    expect(doc.load()).toEqual({ value: { items: [] }, notices: [] });
    doc.save({ items: [{ id: '1', name: 'One' }] });
    const file = join(dir, 'things.json');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ schemaVersion: 1, data: { items: [{ id: '1', name: 'One' }] } });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(open(dir).load().value.items[0]?.name).toBe('One');
  });

  it('refuses to write what does not fit the schema, and the file keeps its old contents', () => {
    const dir = mkdtempSync(join(tmpdir(), 'byom-doc-'));
    const doc = open(dir);
    doc.load();
    doc.save({ items: [{ id: '1', name: 'One' }] });
    expect(() => doc.save({ items: [{ id: '2', name: '' }] })).toThrow(/items\.0\.name/);
    expect(open(dir).load().value.items).toEqual([{ id: '1', name: 'One' }]);
  });

  it('moves a corrupt file aside, says so, and starts empty', () => {
    const dir = mkdtempSync(join(tmpdir(), 'byom-doc-'));
    writeFileSync(join(dir, 'things.json'), '{"schemaVersion": 1, "data": {"items": [tru');
    const { value, notices } = open(dir).load();
    expect(value).toEqual({ items: [] });
    expect(notices).toHaveLength(1);
    expect(notices[0]!.kind).toBe('corrupt');
    const aside = readdirSync(dir).find((f) => f.startsWith('things.json.corrupt-'));
    expect(aside).toBeDefined();
    expect(readFileSync(join(dir, aside!), 'utf8')).toContain('[tru');
  });

  it('keeps the readable entries of a partly invalid file and copies the original aside', () => {
    const dir = mkdtempSync(join(tmpdir(), 'byom-doc-'));
    const original = JSON.stringify({ schemaVersion: 1, data: { items: [{ id: '1', name: 'Good' }, { id: 2 }] } });
    writeFileSync(join(dir, 'things.json'), original);
    const { value, notices } = open(dir).load();
    expect(value.items).toEqual([{ id: '1', name: 'Good' }]);
    expect(notices[0]).toMatchObject({ kind: 'partially-read', dropped: 1 });
    const copy = (notices[0] as { copiedTo: string }).copiedTo;
    expect(readFileSync(copy, 'utf8')).toBe(original);
  });

  it('never overwrites a file from a newer version of the app', () => {
    const dir = mkdtempSync(join(tmpdir(), 'byom-doc-'));
    const newer = JSON.stringify({ schemaVersion: 7, data: { items: [], future: true } });
    writeFileSync(join(dir, 'things.json'), newer);
    const doc = open(dir);
    expect(doc.load().notices[0]).toMatchObject({ kind: 'newer-version', found: 7 });
    expect(() => doc.save({ items: [] })).toThrow(/newer BYOM Desk/);
    expect(readFileSync(join(dir, 'things.json'), 'utf8')).toBe(newer);
    expect(existsSync(join(dir, 'things.json'))).toBe(true);
  });

  describe('migrations', () => {
    // Version 1 named things "title"; 2 renamed it to "name"; 3 gave every thing an id.
    const steps: Migrations = {
      1: (data) => ({ items: ((data as { items: { title: string }[] }).items ?? []).map((i) => ({ name: i.title })) }),
      2: (data) => ({ items: (data as { items: { name: string }[] }).items.map((i, n) => ({ id: `t${n + 1}`, ...i })) }),
    };

    it('brings a version-1 file to version 3 one step at a time, with the original kept beside it', () => {
      const dir = mkdtempSync(join(tmpdir(), 'byom-doc-'));
      const original = JSON.stringify({ schemaVersion: 1, data: { items: [{ title: 'One' }, { title: 'Two' }] } });
      writeFileSync(join(dir, 'things.json'), original);
      const log = memoryLogger();
      const { value, notices } = open(dir, 3, steps, log).load();
      expect(value.items).toEqual([
        { id: 't1', name: 'One' },
        { id: 't2', name: 'Two' },
      ]);
      expect(notices).toEqual([expect.objectContaining({ kind: 'migrated', from: 1, to: 3 })]);
      const backup = readdirSync(dir).find((f) => f.startsWith('things.json.v1-backup-'));
      expect(readFileSync(join(dir, backup!), 'utf8')).toBe(original);
      expect(readdirSync(dir).some((f) => f.includes('corrupt'))).toBe(false);
      expect(JSON.parse(readFileSync(join(dir, 'things.json'), 'utf8'))).toMatchObject({
        schemaVersion: 3,
        data: { items: [{ id: 't1' }, { id: 't2' }] },
      });
      expect(log.entries.some((e) => e.event === 'store.migrated')).toBe(true);
    });

    it('starts a version-2 file at step 2, not step 1', () => {
      const dir = mkdtempSync(join(tmpdir(), 'byom-doc-'));
      writeFileSync(join(dir, 'things.json'), JSON.stringify({ schemaVersion: 2, data: { items: [{ name: 'Kept' }] } }));
      expect(open(dir, 3, steps).load().value.items).toEqual([{ id: 't1', name: 'Kept' }]);
    });

    it('keeps the entries that fit after migrating, leaves out (and names) the rest, and moves nothing aside', () => {
      const dir = mkdtempSync(join(tmpdir(), 'byom-doc-'));
      writeFileSync(join(dir, 'things.json'), JSON.stringify({ schemaVersion: 1, data: { items: [{ title: 'Good' }, { title: '' }] } }));
      const { value, notices } = open(dir, 3, steps).load();
      expect(value.items).toEqual([{ id: 't1', name: 'Good' }]);
      expect(notices.map((n) => n.kind)).toEqual(['partially-read', 'migrated']);
      expect(readdirSync(dir).some((f) => f.includes('corrupt'))).toBe(false);
      expect(JSON.parse(readFileSync(join(dir, 'things.json'), 'utf8')).schemaVersion).toBe(3);
    });

    it('survives a step that throws: the original stays, the app starts', () => {
      const dir = mkdtempSync(join(tmpdir(), 'byom-doc-'));
      const original = JSON.stringify({ schemaVersion: 1, data: { items: 'not a list' } });
      writeFileSync(join(dir, 'things.json'), original);
      const { notices } = open(dir, 3, steps).load();
      expect(notices.map((n) => n.kind)).toEqual(['corrupt']);
      const backup = readdirSync(dir).find((f) => f.startsWith('things.json.v1-backup-'));
      expect(readFileSync(join(dir, backup!), 'utf8')).toBe(original);
    });

    it('keeps the original when a step is missing, and says it could not be read', () => {
      const dir = mkdtempSync(join(tmpdir(), 'byom-doc-'));
      const original = JSON.stringify({ schemaVersion: 1, data: { items: [{ title: 'One' }] } });
      writeFileSync(join(dir, 'things.json'), original);
      const { value, notices } = open(dir, 3, { 2: steps[2]! }).load();
      expect(value.items).toEqual([]);
      expect(notices.map((n) => n.kind)).toEqual(['corrupt']);
      const backup = readdirSync(dir).find((f) => f.startsWith('things.json.v1-backup-'));
      expect(readFileSync(join(dir, backup!), 'utf8')).toBe(original);
    });
  });
});
