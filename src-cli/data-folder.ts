// The one place the command line takes the data folder (src-main/storage/data-folder-lock.ts, the
// lock the app and the web harness take): a command that writes either holds it for its whole run,
// waits for it (--wait), or is refused with who holds it and since when.
import { AppError } from '../src-shared/errors';
import { lockDataFolder, type DataFolderLock } from '../src-main/storage/data-folder-lock';

/** How often a waiting command looks at the lock again. */
const retryMs = 250;

export async function takeDataFolder(dataDir: string, waitSeconds: number, onWait?: (message: string) => void): Promise<DataFolderLock> {
  const deadline = Date.now() + waitSeconds * 1000;
  let told = false;
  for (;;) {
    try {
      return lockDataFolder(dataDir, { holder: 'the command line', releaseOnExit: true });
    } catch (error) {
      const held = error instanceof AppError && error.code === 'conflict' && error.details?.pid !== undefined;
      if (!held) throw error;
      if (Date.now() >= deadline) {
        const hint = waitSeconds > 0 ? ` It was still held after ${waitSeconds} s.` : ' Or add --wait SECONDS to wait for it.';
        throw new AppError('conflict', `${error.message}${hint}`, error.details);
      }
      if (!told) onWait?.(`Waiting up to ${waitSeconds} s for the data folder: ${error.message.split('. ')[0]}.`);
      told = true;
    }
    await new Promise((resolve) => setTimeout(resolve, retryMs));
  }
}
