// Reading a whole list page by page. Lists come as {data, total} or as a bare array, and a tenant
// may ignore limit/skip altogether; none of that may loop forever or return a list cut short.
import pLimit from 'p-limit';
import { z } from 'zod';
import { AppError } from '../../src-shared/errors';

export interface Page<T> {
  data: T[];
  /** Unknown for bare arrays (and envelopes without it). */
  total?: number | null | undefined;
}

/**
 * A page of `item`s in any of the shapes tenants answer: `{data, total}` (documented),
 * `{results, count}` (Alation's own client reads both), or a bare array.
 */
export function pageSchema<S extends z.ZodType>(item: S) {
  return z.preprocess(
    (v) => {
      if (Array.isArray(v)) return { data: v };
      if (typeof v === 'object' && v !== null && !('data' in v) && Array.isArray((v as { results?: unknown }).results)) {
        const { results, count, total } = v as { results: unknown[]; count?: unknown; total?: unknown };
        return { data: results, total: total ?? count };
      }
      return v;
    },
    z.looseObject({ data: z.array(item), total: z.number().int().min(0).nullish() }),
  );
}

export const MAX_PAGES = 1000;

export interface ReadAllPagesOptions<T> {
  /** The `limit` asked for on every page. */
  pageSize: number;
  /** An item's identity: an item seen on an earlier page is not taken twice. */
  key: (item: T) => string;
  /** The list's name in messages ("LLM configs"). */
  what: string;
  /** Pages read so far, after each one arrives (progress for long inventories). */
  onPage?: (pagesRead: number) => void;
  /**
   * Pages of one list in flight at once once the first page gave the total (the tenant's own cap:
   * the transport holds every request to it anyway, so more would only queue ahead of other lists).
   */
  concurrency?: number;
}

/**
 * Fetches pages until the list is complete: `total` reached, an empty page, or (without a total)
 * a short page. A page with nothing new means the tenant ignores `skip`: without a total the list
 * was complete already; with a larger total it cannot be read whole, which is an error.
 *
 * Once the first page gives the total, the pages after it are read ahead, `concurrency` at a time,
 * at the offsets the first page's length implies, and taken in order exactly as one-by-one reading
 * would take them. The first page whose offset is not where reading one by one would be (a page
 * before it came back short or long: the list moved, or the tenant pages unevenly) ends the read-
 * ahead: what was read ahead from there is dropped and the rest is read one page after another, as
 * before. So the answer, and every error, is the same as reading one page after the other.
 */
export async function readAllPages<T>(
  getPage: (paging: { limit: number; skip: number }) => Promise<Page<T>>,
  o: ReadAllPagesOptions<T>,
): Promise<T[]> {
  const seen = new Set<string>();
  const items: T[] = [];
  let pagesRead = 0;
  let requests = 0;
  const read = (skip: number): Promise<Page<T>> => {
    requests += 1;
    return getPage({ limit: o.pageSize, skip }).then((page) => {
      o.onPage?.(++pagesRead);
      return page;
    });
  };

  /** Takes one page in order; answers whether the list is complete after it. */
  const take = ({ data, total }: Page<T>, skip: number): boolean => {
    let fresh = 0;
    for (const item of data) {
      const k = o.key(item);
      if (seen.has(k)) continue;
      seen.add(k);
      items.push(item);
      // Stryker disable next-line AssignmentOperator: fresh is only compared with 0
      fresh += 1;
    }
    // Without a total, the page that brings nothing new ends the list below.
    // Stryker disable next-line EqualityOperator: items.length <= total is the same here; reaching the total ends the read a page earlier
    if (fresh === 0 && data.length > 0 && items.length < (total ?? 0)) {
      // The tenant ignores skip/offset: more pages would repeat themselves, and one is not the list.
      throw new AppError(
        'bad_response',
        `The tenant answered the same page of ${o.what} again (${items.length} of ${total}): it does not support paging this list. ` +
          'Report it to the tenant admin.',
      );
    }
    // A page with nothing new, an empty one too, ends the list.
    if (fresh === 0) return true;
    const next = skip + data.length;
    return total != null ? next >= total : data.length < o.pageSize;
  };

  const first = await read(0);
  if (take(first, 0)) return items;
  let skip = first.data.length;
  // Stryker disable next-line ConditionalExpression: without a total the read-ahead asks for no page and hands back where it started
  if (first.total != null) {
    const after = await readAhead(first.total, skip);
    if (after === 'complete') return items;
    skip = after;
  }
  while (requests < MAX_PAGES) {
    const page = await read(skip);
    if (take(page, skip)) return items;
    skip += page.data.length;
  }
  throw new AppError(
    'bad_response',
    `The tenant's list of ${o.what} did not end after ${MAX_PAGES} pages. Try again; if it persists, report it to the tenant admin.`,
  );

  /** Reads the pages up to `total` concurrently and takes them in order; answers where one-by-one reading goes on. */
  async function readAhead(total: number, from: number): Promise<number | 'complete'> {
    const stride = from;
    const offsets: number[] = [];
    for (let s = from; s < total && requests + offsets.length < MAX_PAGES; s += stride) offsets.push(s);
    const limit = pLimit(Math.max(1, o.concurrency ?? 1));
    const pages = offsets.map((s) => limit(() => read(s)));
    // A page read ahead and then not needed (an error, or the list moved) must not fail unobserved.
    for (const p of pages) p.catch(() => undefined);
    let skip = from;
    try {
      for (const [i, offset] of offsets.entries()) {
        if (offset !== skip) return skip;
        const page = await pages[i]!;
        if (take(page, offset)) return 'complete';
        skip += page.data.length;
      }
      return skip;
    } finally {
      // What was not started yet is not needed: one-by-one reading (or the caller) takes over.
      limit.clearQueue();
    }
  }
}

/** Identity of a list item: its id when it has one, else its whole content. */
export function itemKey(item: unknown): string {
  // A primitive has no id to read, and null or undefined none either.
  const id = (item as { id?: unknown } | null | undefined)?.id;
  return typeof id === 'string' ? `id:${id}` : JSON.stringify(item);
}
