// What a page is, in each shape tenants answer, and when a list read page by page is whole: the
// rules that decide whether an inventory holds every config, or silently fewer.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { itemKey, MAX_PAGES, pageSchema, readAllPages, type Page } from '../../src-main/alation/paging';
import { AppError } from '../../src-shared/errors';

const page = pageSchema(z.object({ id: z.string() }));
const a = { id: 'a' };
const b = { id: 'b' };

/** A tenant's list answered from `pages` by the offset asked for (no timing: every answer is at once). */
function servedBy(pages: Record<number, Page<unknown>>) {
  const asked: number[] = [];
  const getPage = async ({ skip }: { limit: number; skip: number }) => {
    asked.push(skip);
    return pages[skip] ?? { data: [] };
  };
  return { asked, getPage };
}

describe('a page, in every shape tenants answer', () => {
  it('reads {data, total}, {results, count}, {results, total} and a bare array as the same page', () => {
    expect(page.parse({ data: [a], total: 2 })).toEqual({ data: [a], total: 2 });
    expect(page.parse({ results: [a], count: 2 })).toEqual({ data: [a], total: 2 });
    expect(page.parse({ results: [a], total: 3, count: 2 })).toEqual({ data: [a], total: 3 });
    expect(page.parse([a, b])).toEqual({ data: [a, b] });
    // An envelope with data is read as data, whatever else it carries.
    expect(page.parse({ data: [b], results: [a] })).toMatchObject({ data: [b] });
  });

  it('refuses what is not a page: no list, or a list under another name', () => {
    for (const answer of [null, 'ok', { results: 'none' }, { items: [a] }, { data: [a], total: -1 }])
      expect(page.safeParse(answer).success, JSON.stringify(answer)).toBe(false);
  });
});

describe('the identity of a listed item', () => {
  it('takes an item once by its id, though it changed between two pages, and items without an id by content', async () => {
    const { getPage } = servedBy({
      0: { data: [a, b] },
      2: { data: [{ id: 'b', name: 'renamed' }, { name: 'x' }] },
      4: { data: [{ name: 'x' }, { name: 'y' }, 7, null] },
    });
    const list = await readAllPages(getPage, { pageSize: 2, key: itemKey, what: 'agents' });
    expect(list).toEqual([a, b, { name: 'x' }, { name: 'y' }, 7, null]);
    // An id that is a number is content like any other field, not an id (Alation's ids are strings).
    expect(itemKey({ id: 1 })).not.toBe(itemKey({ id: '1' }));
  });
});

describe('when a list read page by page is whole', () => {
  it('ends at an empty page, even before the total (a list that shrank while it was read)', async () => {
    const { getPage } = servedBy({ 0: { data: [a], total: 3 } });
    expect(await readAllPages(getPage, { pageSize: 1, key: itemKey, what: 'LLM configs' })).toEqual([a]);
    // A tenant that still states the total it had.
    const stale = servedBy({ 0: { data: [a], total: 3 }, 1: { data: [], total: 3 }, 2: { data: [], total: 3 } });
    expect(await readAllPages(stale.getPage, { pageSize: 1, key: itemKey, what: 'LLM configs' })).toEqual([a]);
  });

  it('ends, without a total, at a page that brings nothing new (a tenant ignoring skip)', async () => {
    const { getPage, asked } = servedBy({ 0: { data: [a, b] }, 2: { data: [a, b] } });
    expect(await readAllPages(getPage, { pageSize: 2, key: itemKey, what: 'agents' })).toEqual([a, b]);
    expect(asked).toEqual([0, 2]);
  });

  it('says what failed, as a bad answer, when the list never ends', async () => {
    let n = 0;
    const getPage = async () => ({ data: [{ id: `i${n++}` }] });
    const error = await readAllPages(getPage, { pageSize: 1, key: itemKey, what: 'agents' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('bad_response');
    expect((error as AppError).message).toBe(
      `The tenant's list of agents did not end after ${MAX_PAGES} pages. Try again; if it persists, report it to the tenant admin.`,
    );
  });

  it('says which list cannot be paged, and how much of it was read, when a tenant ignores skip under a larger total', async () => {
    const { getPage } = servedBy({ 0: { data: [a, b], total: 9 }, 2: { data: [a, b], total: 9 } });
    const error = await readAllPages(getPage, { pageSize: 2, key: itemKey, what: 'LLM credentials' }).catch((e: unknown) => e);
    expect((error as AppError).code).toBe('bad_response');
    expect((error as AppError).message).toBe(
      'The tenant answered the same page of LLM credentials again (2 of 9): it does not support paging this list. ' +
        'Report it to the tenant admin.',
    );
  });
});
