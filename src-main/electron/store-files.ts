import { rmSync } from 'node:fs';
import { join } from 'node:path';
import ElectronStore from 'electron-store';
import { wrapConf, type DocumentFiles } from '../storage/document-file';

/** The app's documents through electron-store (conf underneath, the same format the tests read). */
export function electronStoreDocumentFiles(dataDir: string): DocumentFiles {
  return {
    pathOf: (name) => join(dataDir, `${name}.json`),
    remove: (name) => rmSync(join(dataDir, `${name}.json`), { force: true }),
    open: (name) =>
      wrapConf(new ElectronStore<Record<string, unknown>>({ cwd: dataDir, name, configFileMode: 0o600, clearInvalidConfig: false })),
  };
}
