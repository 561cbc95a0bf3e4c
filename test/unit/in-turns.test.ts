// The page's "three configs at a time" (inTurns, in place of p-limit): never more than n running,
// the rest started in order, a failure frees its slot. Tasks end when the test says: nothing timed.
import { describe, expect, it } from 'vitest';
import { inTurns } from '../../src-renderer/components/in-turns';

function heldTask(log: string[], name: string) {
  let finish!: (ok: boolean) => void;
  const task = () =>
    new Promise<string>((resolve, reject) => {
      log.push(`start ${name}`);
      finish = (ok) => (ok ? resolve(name) : reject(new Error(name)));
    });
  return { task, end: (ok = true) => finish(ok) };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('inTurns', () => {
  it('runs at most n at once and starts the others in order as slots free up, after a failure too', async () => {
    const log: string[] = [];
    const limit = inTurns(2);
    const tasks = ['a', 'b', 'c', 'd'].map((name) => heldTask(log, name));
    const results = tasks.map((t) => limit(t.task).catch((e: Error) => `failed ${e.message}`));
    await settle();
    expect(log).toEqual(['start a', 'start b']);
    tasks[1]!.end(false);
    await settle();
    expect(log).toEqual(['start a', 'start b', 'start c']);
    // A new task while two run waits its turn behind d.
    const late = heldTask(log, 'e');
    const lateResult = limit(late.task);
    tasks[0]!.end();
    await settle();
    expect(log).toEqual(['start a', 'start b', 'start c', 'start d']);
    tasks[2]!.end();
    tasks[3]!.end();
    await settle();
    expect(log.at(-1)).toBe('start e');
    late.end();
    expect(await Promise.all([...results, lateResult])).toEqual(['a', 'failed b', 'c', 'd', 'e']);
  });
});
