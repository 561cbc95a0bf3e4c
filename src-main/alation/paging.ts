// Reading a whole list page by page. Lists come as {data, total} or as a bare array, and a tenant
// may ignore limit/skip altogether; none of that may loop forever or return a list cut short.
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

/**
 * Fetches pages until the list is complete: `total` reached, an empty page, or (without a total)
 * a short page. A page with nothing new means the tenant ignores `skip`: without a total the list
 * was complete already; with a larger total it cannot be read whole, which is an error.
 */
export async function readAllPages<T>(
  getPage: (paging: { limit: number; skip: number }) => Promise<Page<T>>,
  pageSize: number,
  key: (item: T) => string,
  what: string,
  onPage?: (pagesRead: number) => void,
): Promise<T[]> {
  const seen = new Set<string>();
  const items: T[] = [];
  let skip = 0;
  for (let n = 0; n < MAX_PAGES; n++) {
    const { data, total } = await getPage({ limit: pageSize, skip });
    onPage?.(n + 1);
    let fresh = 0;
    for (const item of data) {
      const k = key(item);
      if (seen.has(k)) continue;
      seen.add(k);
      items.push(item);
      fresh += 1;
    }
    skip += data.length;
    if (fresh === 0 && data.length > 0 && total != null && items.length < total) {
      // The tenant ignores skip/offset: more pages would repeat themselves, and one is not the list.
      throw new AppError(
        'bad_response',
        `The tenant answered the same page of ${what} again (${items.length} of ${total}): it does not support paging this list. Report it to the tenant admin.`,
      );
    }
    if (data.length === 0 || fresh === 0) return items;
    if (total != null ? skip >= total : data.length < pageSize) return items;
  }
  throw new AppError('bad_response', `The tenant's list of ${what} did not end after ${MAX_PAGES} pages. Try again; if it persists, report it to the tenant admin.`);
}

/** Identity of a list item: its id when it has one, else its whole content. */
export function itemKey(item: unknown): string {
  const id = typeof item === 'object' && item !== null ? (item as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? `id:${id}` : JSON.stringify(item);
}
