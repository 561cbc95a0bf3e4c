// How the crash writer tells the test what it did: a blocking write(2) of one line to fd 1, which
// is in the pipe when it returns. process.stdout may queue a write in the process, and a SIGKILL
// would lose it: the test would then see a write land that it was never told of.
import type fs from 'node:fs';

export function sayWith(writeSync: typeof fs.writeSync): (line: string) => void {
  return (line) => {
    const bytes = Buffer.from(`${line}\n`);
    let sent = 0;
    while (sent < bytes.length) {
      try {
        sent += writeSync(1, bytes, sent);
      } catch (error) {
        // A full pipe (the test, on a busy machine, has not read yet): wait for it, as a blocking
        // write would. Exiting here made a writer "stop on its own" under load, seen once.
        if ((error as NodeJS.ErrnoException).code === 'EAGAIN') continue;
        // The test stopped reading (it ended, or failed): stop writing, never outlive it.
        process.exit(0);
      }
    }
  };
}
