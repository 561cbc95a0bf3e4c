// Crash safety: a child process writes one kind of the app's files in a loop through the app's own
// stores (test/support/crash-writer.ts) and is killed with SIGKILL after a random number of
// writes, 50 times per kind, on the same data dir. After each kill the files are read back with
// fresh stores, as the next start would: each must be whole, at the last write the child said was
// done or the one it was in the middle of, with nothing before it lost. A JSON Lines file may end
// in one torn line, which its reader skips and reports (the "recovered, with a notice" case).
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  crashKinds,
  inventoryNumber,
  inventoryTenant,
  openDraftStore,
  openInventoryCache,
  openProfiles,
  profilesNumber,
  progressDraftNumber,
  readAuditNumbers,
  readJournalNumbers,
  type CrashKind,
} from '../support/crash-files';

const killsPerKind = 50;
const seed = Number(process.env.CRASH_SEED ?? Date.now() % 1_000_000);
let writer: string[];
const tallies: string[] = [];
/** Removed at the end: the data dirs hold dozens of cut-short temporary files each. */
const made: string[] = [];

beforeAll(async () => {
  // One bundle of the writer and its file system markers, so each of the 250 starts is a plain
  // `node` start (no TypeScript loader). Its packages are ours, through a node_modules link beside it.
  const dir = mkdtempSync(join(tmpdir(), 'byom-crash-writer-'));
  made.push(dir);
  symlinkSync(join(import.meta.dirname, '../../node_modules'), join(dir, 'node_modules'), 'dir');
  const support = join(import.meta.dirname, '../support');
  await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      ssr: true,
      outDir: dir,
      emptyOutDir: false,
      minify: false,
      rolldownOptions: {
        input: { 'crash-writer': join(support, 'crash-writer.ts'), 'fs-markers': join(support, 'fs-markers.ts') },
        output: { format: 'es', entryFileNames: '[name].mjs' },
      },
    },
  });
  writer = [`--import=${pathToFileURL(join(dir, 'fs-markers.mjs')).href}`, join(dir, 'crash-writer.mjs')];
}, 60_000);

afterAll(() => {
  console.log(`crash safety (seed ${seed}, CRASH_SEED to repeat):\n${tallies.join('\n')}`);
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A small seeded generator, so a failing run can be repeated exactly. */
function random(start: number): () => number {
  let state = start >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

interface Run {
  /** The state the child found when it started: what the app would load. */
  ready: number;
  /** The last write the child said was done before it died. */
  confirmed: number;
  /** The file system call the writer had just begun when it was killed (`fsyncSync`). */
  killedAt: string;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/**
 * Starts the writer and kills it (SIGKILL) as soon as it has begun its `killAfter`-th file system
 * call since it started writing: inside a write as often as between two.
 */
function runAndKill(kind: CrashKind, dataDir: string, killAfter: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...writer, kind, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let buffered = '';
    let stderr = '';
    let progress = 0;
    const run: Omit<Run, 'signal' | 'stderr'> = { ready: NaN, confirmed: NaN, killedAt: '' };
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        const [word, number] = line.split(' ');
        if (word === 'ready') run.ready = run.confirmed = Number(number);
        else if (word === 'wrote') run.confirmed = Number(number);
        else if (word === 'at' && !Number.isNaN(run.ready) && ++progress === killAfter) {
          run.killedAt = number!;
          child.kill('SIGKILL');
        }
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (_code, signal) => resolve({ ...run, signal, stderr }));
  });
}

/** What the next start finds, read with fresh stores: the state, and anything it had to say about the file. */
function readBack(kind: CrashKind, dataDir: string): { state: number; notices: unknown[]; skipped: number; lines?: number } {
  switch (kind) {
    case 'profiles': {
      const { value, notices } = openProfiles(dataDir).load();
      return { state: profilesNumber(value.profiles), notices, skipped: 0 };
    }
    case 'drafts': {
      const store = openDraftStore(dataDir);
      return { state: progressDraftNumber(store.list()), notices: store.notices, skipped: 0 };
    }
    case 'inventory': {
      const cache = openInventoryCache(dataDir);
      return { state: inventoryNumber(cache.load(inventoryTenant).inventory), notices: cache.notices, skipped: 0 };
    }
    case 'journal':
    case 'audit': {
      const read = kind === 'journal' ? readJournalNumbers(dataDir) : readAuditNumbers(dataDir);
      // Every record from the first on, none missing, none twice: otherwise a confirmed one was lost.
      const contiguous = read.numbers.every((n, i) => n === i + 1);
      return { state: contiguous ? read.numbers.length : NaN, notices: read.skipped, skipped: read.skipped.length, lines: read.lines };
    }
  }
}

describe('crash safety: SIGKILL in the middle of writing', () => {
  for (const [index, kind] of crashKinds.entries()) {
    it(`${kind}: ${killsPerKind} kills, and every restart finds the file whole with nothing confirmed lost`, async () => {
      const next = random(seed + index);
      const dataDir = mkdtempSync(join(tmpdir(), `byom-crash-${kind}-`));
      made.push(dataDir);
      const tally = { intact: 0, recovered: 0, lost: 0, corrupt: 0, inFlightLanded: 0, leftoverTemp: 0 };
      let expected = 0;
      let skippedBefore = 0;
      const killedAt = new Map<string, number>();
      for (let round = 1; round <= killsPerKind; round++) {
        const killAfter = 1 + Math.floor(next() * 30);
        const run = await runAndKill(kind, dataDir, killAfter);
        const where = `${kind}, kill ${round} at file system call ${killAfter} (${run.killedAt}; seed ${seed})`;
        killedAt.set(run.killedAt, (killedAt.get(run.killedAt) ?? 0) + 1);
        expect(run.signal, `${where}: the writer stopped on its own\n${run.stderr}`).toBe('SIGKILL');
        // The child's own start loaded what the last check found: the restart goes on from there.
        expect(run.ready, where).toBe(expected);

        const found = readBack(kind, dataDir);
        const newlySkipped = found.skipped - skippedBefore;
        if (Number.isNaN(found.state)) tally.corrupt += 1;
        else if (found.state < run.confirmed) tally.lost += 1;
        else if (newlySkipped > 0) tally.recovered += 1;
        else tally.intact += 1;
        if (found.state === run.confirmed + 1) tally.inFlightLanded += 1;
        tally.leftoverTemp = readdirSync(dataDir).filter((name) => name.includes('.tmp-')).length;

        expect(found.state, `${where}: ${JSON.stringify(found.notices).slice(0, 500)}`).toBeGreaterThanOrEqual(run.confirmed);
        expect(found.state, where).toBeLessThanOrEqual(run.confirmed + 1);
        // A document is never moved aside as corrupt or partly read; a journal skips at most its torn last line.
        if (kind === 'journal' || kind === 'audit') expect(newlySkipped, where).toBeLessThanOrEqual(1);
        else expect(found.notices, where).toEqual([]);
        expected = found.state;
        skippedBefore = found.skipped;
      }
      tallies.push(
        `  ${kind}: ${killsPerKind} kills, ${tally.intact} intact, ${tally.recovered} recovered with a notice, ` +
          `${tally.lost} lost, ${tally.corrupt} corrupt; the write under way had landed in ${tally.inFlightLanded}; ` +
          `${tally.leftoverTemp} temporary files left by writes cut short; killed just after ` +
          [...killedAt].map(([call, times]) => `${call} ${times}`).join(', '),
      );
      expect(tally.lost + tally.corrupt).toBe(0);
    }, 300_000);
  }
});
