// Preloaded into the crash writer (`node --import fs-markers.mjs crash-writer.mjs`): each file
// system call a write makes first prints a marker (`at fsyncSync`), so the crash-safety test can
// kill the writer inside a write (the temporary file open, half written, not yet fsynced, not yet
// renamed), not only between two writes. Loaded first, so the stores' packages, which keep their
// own references to these functions, get the marked ones.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { sayWith } from './crash-say';

const rawWriteSync = fs.writeSync;
const say = sayWith(rawWriteSync);
// The writer's own lines go through the unmarked write too, or each would add a marker.
Object.defineProperty(globalThis, 'crashWriterSay', { value: say });

for (const name of ['openSync', 'writeSync', 'fsyncSync', 'closeSync', 'renameSync'] as const) {
  const original = fs[name] as (...args: unknown[]) => unknown;
  Object.assign(fs, {
    [name]: (...args: unknown[]) => {
      say(`at ${name}`);
      return original(...args);
    },
  });
}
syncBuiltinESMExports();
