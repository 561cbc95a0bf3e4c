// Once a list's first page gives the total, the pages after it are read concurrently, within the
// tenant's cap, and still make the same list as reading them one by one. Driven by a fake page
// function whose answers the test releases by hand: nothing here is timed.
import { describe, expect, it } from 'vitest';
import { MAX_PAGES, readAllPages, type Page } from '../../src-main/alation/paging';
import { AppError } from '../../src-shared/errors';

interface Item {
  id: string;
}
const item = (i: number): Item => ({ id: `item-${i}` });
const items = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => item(from + i));
const key = (i: Item) => i.id;

/** A page asked for and not answered yet: the test answers it when it chooses. */
interface Asked {
  skip: number;
  answer(page: Page<Item>): void;
  fail(error: Error): void;
}

/** A fake page function: every call waits for the test; `asked(n)` waits until n calls were made. */
function latchedPages() {
  const calls: Asked[] = [];
  let inFlight = 0;
  let mostInFlight = 0;
  const waiters: { n: number; resolve(): void }[] = [];
  const getPage = ({ skip }: { limit: number; skip: number }) =>
    new Promise<Page<Item>>((resolve, reject) => {
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      const settle = () => (inFlight -= 1);
      calls.push({
        skip,
        answer: (page) => {
          settle();
          resolve(page);
        },
        fail: (error) => {
          settle();
          reject(error);
        },
      });
      for (const w of waiters.filter((w) => calls.length >= w.n)) w.resolve();
    });
  return {
    getPage,
    calls,
    mostInFlight: () => mostInFlight,
    /** Resolves once `n` pages have been asked for in all. */
    asked: (n: number) => (calls.length >= n ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ n, resolve }))),
  };
}

/** A list of `total` items served by `skip`, `stride` at a time, as a tenant that caps its pages does. */
const pageOf = (all: Item[], skip: number, stride: number): Page<Item> => ({ data: all.slice(skip, skip + stride), total: all.length });

describe('reading a list whose first page gives the total', () => {
  it('asks for the remaining pages together, at most the cap at once, and keeps the list in order', async () => {
    const all = items(0, 450);
    const pages = latchedPages();
    // The tenant caps pages at 50 though we ask for 100: the first page's length sets the offsets.
    const reading = readAllPages(pages.getPage, { pageSize: 100, key, what: 'LLM configs', concurrency: 4 });
    await pages.asked(1);
    pages.calls[0]!.answer(pageOf(all, 0, 50));
    // With the total known, four pages go out at once (the cap), not one after another.
    await pages.asked(5);
    expect(pages.calls.slice(1).map((c) => c.skip)).toEqual([50, 100, 150, 200]);
    // Answered last first: the list still comes out in the tenant's order.
    for (const c of pages.calls.slice(1).reverse()) c.answer(pageOf(all, c.skip, 50));
    await pages.asked(9);
    expect(pages.calls.slice(5).map((c) => c.skip)).toEqual([250, 300, 350, 400]);
    for (const c of pages.calls.slice(5)) c.answer(pageOf(all, c.skip, 50));
    expect((await reading).map(key)).toEqual(all.map(key));
    expect(pages.calls).toHaveLength(9);
    expect(pages.mostInFlight()).toBe(4);
  });

  it('takes an item the tenant repeats on two pages once', async () => {
    const all = items(0, 9);
    const pages = latchedPages();
    const reading = readAllPages(pages.getPage, { pageSize: 3, key, what: 'agents', concurrency: 4 });
    await pages.asked(1);
    pages.calls[0]!.answer(pageOf(all, 0, 3));
    await pages.asked(3);
    // The second page repeats the first page's last item in place of its own first.
    pages.calls[1]!.answer({ data: [item(2), item(4), item(5)], total: 9 });
    pages.calls[2]!.answer(pageOf(all, 6, 3));
    const list = await reading;
    expect(list.map(key)).toEqual([0, 1, 2, 4, 5, 6, 7, 8].map((i) => `item-${i}`));
    expect(new Set(list.map(key)).size).toBe(list.length);
  });

  it('reads on one page at a time from where a short page ended, so no item between two pages is lost', async () => {
    const all = items(0, 10);
    const pages = latchedPages();
    const reading = readAllPages(pages.getPage, { pageSize: 4, key, what: 'LLM configs', concurrency: 4 });
    await pages.asked(1);
    pages.calls[0]!.answer(pageOf(all, 0, 4));
    await pages.asked(3);
    expect(pages.calls.slice(1).map((c) => c.skip)).toEqual([4, 8]);
    // A short page in the middle (a tenant that pages unevenly): items 4 to 6, not 4 to 7.
    pages.calls[1]!.answer(pageOf(all, 4, 3));
    pages.calls[2]!.answer(pageOf(all, 8, 4));
    // Item 7 is on neither page: the next page is asked for at 7, where the short one ended.
    await pages.asked(4);
    expect(pages.calls[3]!.skip).toBe(7);
    pages.calls[3]!.answer(pageOf(all, 7, 4));
    expect((await reading).map(key)).toEqual(all.map(key));
    expect(pages.calls).toHaveLength(4);
  });

  it('fails at once when the tenant ignores skip, and a page read ahead that fails later is not left unhandled', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const pages = latchedPages();
      // A total far beyond one page, and the same first page whatever the skip.
      const reading = readAllPages(pages.getPage, { pageSize: 3, key, what: 'LLM credentials', concurrency: 2 }).catch((e: unknown) => e);
      await pages.asked(1);
      pages.calls[0]!.answer({ data: items(0, 3), total: 1_000_000 });
      await pages.asked(3);
      pages.calls[1]!.answer({ data: items(0, 3), total: 1_000_000 });
      const error = await reading;
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('bad_response');
      expect((error as AppError).message).toMatch(/does not support paging/);
      // Nothing more is asked for once the list is known to be unreadable (no endless loop), and
      // the pages still in flight fail without an unhandled rejection.
      const asked = pages.calls.length;
      expect(asked).toBeLessThanOrEqual(4);
      for (const c of pages.calls.slice(2)) c.fail(new Error('connection reset'));
      await new Promise((resolve) => setImmediate(resolve));
      expect(pages.calls).toHaveLength(asked);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('gives up after the page limit when a total is never reached, counting the pages read ahead', async () => {
    let n = 0;
    // Each page brings one new item, and the total is out of reach.
    const getPage = async () => ({ data: [item(n++)], total: 10 * MAX_PAGES });
    const error = await readAllPages(getPage, { pageSize: 1, key, what: 'agents', concurrency: 4 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toMatch(/did not end after 1000 pages/);
    expect(n).toBe(MAX_PAGES);
  });

  it('reads one page after another when the first page gives no total', async () => {
    const all = items(0, 7);
    const pages = latchedPages();
    const reading = readAllPages(pages.getPage, { pageSize: 3, key, what: 'agents', concurrency: 4 });
    await pages.asked(1);
    pages.calls[0]!.answer({ data: all.slice(0, 3) });
    await pages.asked(2);
    // Without a total nothing tells how many pages there are: no page is asked for ahead.
    await new Promise((resolve) => setImmediate(resolve));
    expect(pages.calls.map((c) => c.skip)).toEqual([0, 3]);
    pages.calls[1]!.answer({ data: all.slice(3, 6) });
    await pages.asked(3);
    pages.calls[2]!.answer({ data: all.slice(6) });
    expect((await reading).map(key)).toEqual(all.map(key));
    expect(pages.mostInFlight()).toBe(1);
  });
});
