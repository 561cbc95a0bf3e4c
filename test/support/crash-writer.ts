// A process that writes one kind of the app's files in a loop, through the app's own stores, until
// it is killed: `node --import tsx test/support/crash-writer.ts <kind> <dataDir>`. It first loads
// what is there (as the app does on start) and prints `ready <n>`, n being the state it found; then
// it writes state n+1, n+2, … and prints `wrote <n>` after each write has returned, with a blocking
// write to fd 1 (crash-say.ts), so every line printed before the kill reaches the test.
// test/integration/crash-safety.test.ts kills it with SIGKILL after a random number of lines.
import { writeSync } from 'node:fs';
import { sayWith } from './crash-say';
import {
  crashKinds,
  draftAt,
  inventoryAt,
  inventoryNumber,
  inventoryTenant,
  journalOperationId,
  journalStepAt,
  openAuditLog,
  openDraftStore,
  openInventoryCache,
  openJournal,
  openProfiles,
  profilesAt,
  profilesNumber,
  progressDraftNumber,
  readAuditNumbers,
  readJournalNumbers,
  type CrashKind,
} from './crash-files';

const [kind, dataDir] = process.argv.slice(2) as [CrashKind, string];
if (!crashKinds.includes(kind) || !dataDir) throw new Error(`usage: crash-writer.ts <${crashKinds.join('|')}> <dataDir>`);

/** Set by fs-markers.ts when it is preloaded; a plain write to fd 1 when it is not. */
const say = (globalThis as { crashWriterSay?: (line: string) => void }).crashWriterSay ?? sayWith(writeSync);
const maxWrites = 5_000;

/** Loads what is there, then writes state after state until killed (or, as a last resort, `maxWrites`). */
async function writeForever(found: number, write: (n: number) => unknown): Promise<void> {
  say(`ready ${found}`);
  for (let n = found + 1; n <= found + maxWrites; n++) {
    await write(n);
    say(`wrote ${n}`);
    // A turn of the event loop between writes, as the app has: its timers and handlers run too.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

switch (kind) {
  case 'profiles': {
    const store = openProfiles(dataDir);
    await writeForever(profilesNumber(store.load().value.profiles), (n) => store.save({ profiles: profilesAt(n) }));
    break;
  }
  case 'drafts': {
    const store = openDraftStore(dataDir);
    let current = store.list()[0];
    await writeForever(progressDraftNumber(store.list()), async (n) => {
      const edit = current ? { id: current.id, revision: current.revision } : {};
      current = await store.save({ ...edit, content: draftAt(n), secrets: {}, clearSecrets: [] });
    });
    break;
  }
  case 'inventory': {
    const cache = openInventoryCache(dataDir);
    const found = inventoryNumber(cache.load(inventoryTenant).inventory);
    await writeForever(found, (n) => cache.save(inventoryTenant, { inventory: inventoryAt(n) }));
    break;
  }
  case 'journal': {
    const journal = openJournal(dataDir);
    const found = readJournalNumbers(dataDir).numbers;
    if (found.length === 0) {
      const operation = { operationId: journalOperationId, kind: 'apply', title: 'Crash test', summary: '', source: 'apply' } as const;
      journal.append({ type: 'begin', ...operation, tenants: [], context: {} });
    }
    await writeForever(found.at(-1) ?? 0, (n) => journal.append(journalStepAt(n)));
    break;
  }
  case 'audit': {
    const audit = openAuditLog(dataDir);
    await writeForever(readAuditNumbers(dataDir).numbers.at(-1) ?? 0, (n) => {
      const object = (i: number) => ({ kind: 'config' as const, id: `config-${n}-${i}`, name: `Config ${n} ${i} ${'y'.repeat(60)}` });
      const objects = Array.from({ length: 10 }, (_, i) => object(i));
      audit.record({ tenantId: inventoryTenant, action: 'config.create', objects, outcome: 'ok', message: `entry ${n}`, source: 'apply' });
    });
    break;
  }
}
