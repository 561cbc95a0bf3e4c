// A process that takes a data folder's lock, says so on stdout, and holds it until it is killed:
// the other process in tests of two processes on one folder.
import { lockDataFolder } from '../../src-main/storage/data-folder-lock';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: data-folder-lock-holder.ts <data dir>');
try {
  lockDataFolder(dataDir, { holder: 'a test', releaseOnExit: true });
  console.log(`locked ${process.pid}`);
} catch (error) {
  console.log(`refused ${(error as Error).message}`);
  process.exit(3);
}
process.on('SIGTERM', () => process.exit(0));
// Held until killed.
setInterval(() => {}, 1 << 30);
