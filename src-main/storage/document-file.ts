import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Conf from 'conf';

/**
 * One JSON document on disk. In the app it is an electron-store; in plain Node (tests, the web
 * harness) it is conf, electron-store's base class: the same file format and the same atomic writes.
 */
export interface DocumentFile {
  readonly path: string;
  /** Throws a SyntaxError when the file is not JSON. A missing file reads as `{}`. */
  read(): Record<string, unknown>;
  write(value: Record<string, unknown>): void;
}

/** The documents `<dataDir>/<name>.json`. `open` may throw a SyntaxError when the file is corrupt. */
export interface DocumentFiles {
  pathOf(name: string): string;
  open(name: string): DocumentFile;
  /** Deletes the document's file (a removed tenant's cache); nothing when there is none. */
  remove(name: string): void;
}

/** What conf and electron-store have in common, as far as we use them. */
export interface ConfLike {
  readonly path: string;
  store: Record<string, unknown>;
}

export function wrapConf(conf: ConfLike): DocumentFile {
  return {
    path: conf.path,
    read: () => conf.store,
    write: (value) => {
      conf.store = value;
    },
  };
}

export function confDocumentFiles(dataDir: string): DocumentFiles {
  return {
    pathOf: (name) => join(dataDir, `${name}.json`),
    remove: (name) => rmSync(join(dataDir, `${name}.json`), { force: true }),
    open: (name) =>
      wrapConf(
        new Conf<Record<string, unknown>>({
          cwd: dataDir,
          configName: name,
          projectName: 'byom-desk',
          configFileMode: 0o600,
          clearInvalidConfig: false,
        }),
      ),
  };
}
