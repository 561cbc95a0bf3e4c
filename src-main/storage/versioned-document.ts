import { copyFileSync, existsSync, renameSync } from 'node:fs';
import type { z } from 'zod';
import { AppError } from '../../src-shared/errors';
import { validationError } from '../../src-shared/validation';
import type { Logger } from '../log/logger';
import type { DocumentFile, DocumentFiles } from './document-file';

/** Something the user should be told about a stored file, once, when the app starts. */
export type StoreNotice =
  | { kind: 'corrupt'; file: string; movedTo: string; message: string }
  | { kind: 'migrated'; file: string; from: number; to: number; backup: string; message: string }
  | { kind: 'partially-read'; file: string; copiedTo: string; dropped: number; message: string }
  | { kind: 'newer-version'; file: string; found: number; message: string };

export interface VersionedDocumentOptions<T> {
  files: DocumentFiles;
  name: string;
  /** Bumped whenever the shape of `T` changes; files from a newer app are never overwritten. */
  version: number;
  /**
   * `migrations[n]` turns the data of version n into version n+1. Every document has this table,
   * empty while it is at version 1, so the first change of shape has an obvious place to go.
   */
  migrations: Migrations;
  schema: z.ZodType<T>;
  empty: () => T;
  /** Keeps what can be kept from data that failed the schema; `dropped` says how much was lost. */
  salvage?: (raw: unknown) => { value: T; dropped: number } | null;
  log: Logger;
  now?: () => Date;
}

export type Migrations = Readonly<Record<number, (data: unknown) => unknown>>;

export interface VersionedDocument<T> {
  readonly path: string;
  load(): { value: T; notices: StoreNotice[] };
  save(value: T): void;
}

/**
 * A zod-validated, schema-versioned JSON document: `{ schemaVersion, data }`. Reads are validated;
 * writes are validated and atomic. A file that cannot be read is moved aside, never deleted, and the
 * app goes on with what could be read.
 */
export function openVersionedDocument<T>(options: VersionedDocumentOptions<T>): VersionedDocument<T> {
  const { files, name, version, schema, migrations, log } = options;
  const now = options.now ?? (() => new Date());
  let file: DocumentFile | undefined;
  let readOnlyReason: string | undefined;

  const stamp = () => now().toISOString().replace(/[:.]/g, '-');

  function open(notices: StoreNotice[]): DocumentFile {
    try {
      return files.open(name);
    } catch (error) {
      // conf reads the file while it opens it: a corrupt file fails here.
      if (!(error instanceof SyntaxError)) throw error;
      const path = files.pathOf(name);
      const movedTo = `${path}.corrupt-${stamp()}`;
      renameSync(path, movedTo);
      log.warn('store.corrupt_moved_aside', { file: path, movedTo });
      notices.push({
        kind: 'corrupt',
        file: path,
        movedTo,
        message: `${path} could not be read, so BYOM Desk moved it to ${movedTo} and started with an empty list.`,
      });
      return files.open(name);
    }
  }

  /**
   * Brings an older file's data up to `version` step by step, after copying the original beside it.
   * Answers undefined when a step is missing or the result does not fit the schema: the caller then
   * handles the file as unreadable (the backup stays either way).
   */
  function migrate(doc: DocumentFile, data: unknown, from: number, notices: StoreNotice[]): T | undefined {
    const backup = `${doc.path}.v${from}-backup-${stamp()}`;
    copyFileSync(doc.path, backup);
    let current = data;
    for (let v = from; v < version; v++) {
      const step = migrations[v];
      if (!step) {
        log.warn('store.migration_missing', { file: doc.path, from: v });
        return undefined;
      }
      try {
        current = step(current);
      } catch {
        // A step that cannot handle this file is a bug; the original is kept, the app goes on.
        log.error('store.migration_failed', { file: doc.path, from: v });
        return undefined;
      }
    }
    const parsed = schema.safeParse(current);
    let value: T;
    if (parsed.success) {
      value = parsed.data;
    } else {
      // What the old version could read of it, the new one keeps: entries that do not fit are left
      // out (and said so), as for a partly unreadable file of the current version.
      const salvaged = options.salvage?.(current) ?? null;
      if (!salvaged) {
        log.warn('store.migration_invalid', { file: doc.path, from, to: version });
        return undefined;
      }
      value = salvaged.value;
      notices.push({
        kind: 'partially-read',
        file: doc.path,
        copiedTo: backup,
        dropped: salvaged.dropped,
        message:
          `${salvaged.dropped} entr${salvaged.dropped === 1 ? 'y' : 'ies'} in ${doc.path} ` +
          `could not be read and were left out. The original file is kept at ${backup}.`,
      });
    }
    doc.write({ schemaVersion: version, data: value });
    log.info('store.migrated', { file: doc.path, from, to: version, backup });
    notices.push({
      kind: 'migrated',
      file: doc.path,
      from,
      to: version,
      backup,
      message: `${doc.path} was updated from format ${from} to ${version}. The original is kept at ${backup}.`,
    });
    return value;
  }

  return {
    get path() {
      return file?.path ?? '';
    },
    load() {
      const notices: StoreNotice[] = [];
      file = open(notices);
      const raw = file.read();
      if (Object.keys(raw).length === 0) return { value: options.empty(), notices };

      const found = typeof raw.schemaVersion === 'number' ? raw.schemaVersion : undefined;
      if (found !== undefined && found > version) {
        readOnlyReason =
          `${file.path} was written by a newer BYOM Desk (format ${found}; ` + `this one reads ${version}). Update BYOM Desk to change it.`;
        notices.push({ kind: 'newer-version', file: file.path, found, message: readOnlyReason });
        const parsed = schema.safeParse(raw.data);
        return { value: parsed.success ? parsed.data : options.empty(), notices };
      }

      if (found !== undefined && found < version) {
        const migrated = migrate(file, raw.data, found, notices);
        if (migrated !== undefined) return { value: migrated, notices };
      }

      const parsed = found === version ? schema.safeParse(raw.data) : undefined;
      if (parsed?.success) return { value: parsed.data, notices };

      const salvaged = options.salvage?.(raw.data) ?? null;
      if (found === version && salvaged) {
        const copiedTo = `${file.path}.unreadable-${stamp()}`;
        copyFileSync(file.path, copiedTo);
        log.warn('store.partially_read', { file: file.path, copiedTo, dropped: salvaged.dropped });
        notices.push({
          kind: 'partially-read',
          file: file.path,
          copiedTo,
          dropped: salvaged.dropped,
          message:
            `${salvaged.dropped} entr${salvaged.dropped === 1 ? 'y' : 'ies'} in ${file.path} ` +
            `could not be read and were left out. The original file is kept at ${copiedTo}.`,
        });
        return { value: salvaged.value, notices };
      }

      const movedTo = `${file.path}.corrupt-${stamp()}`;
      if (existsSync(file.path)) renameSync(file.path, movedTo);
      log.warn('store.invalid_moved_aside', { file: file.path, movedTo });
      notices.push({
        kind: 'corrupt',
        file: file.path,
        movedTo,
        message: `${file.path} did not have the expected contents, so BYOM Desk moved it to ${movedTo} and started with an empty list.`,
      });
      file = files.open(name);
      return { value: options.empty(), notices };
    },
    save(value) {
      if (readOnlyReason) throw new AppError('storage', readOnlyReason);
      const parsed = schema.safeParse(value);
      if (!parsed.success) throw validationError(parsed.error, 'Saving');
      file ??= open([]);
      file.write({ schemaVersion: version, data: parsed.data });
    },
  };
}
