// Windowing for lists of fixed-height rows: only the rows in view (and a margin) are in the page,
// so tens of thousands of rows scroll like a few. With every row the same height, where a row is
// and which rows show are one multiplication each: this replaces TanStack Virtual (10 KB gzipped,
// built for rows of unknown height) with the arithmetic this app needs.
import { useLayoutEffect, useState, type RefObject } from 'react';
import { flushSync } from 'react-dom';

export interface RowWindowOptions {
  count: number;
  rowHeight: number;
  /** Rows drawn above and below the view, so a quick scroll shows rows rather than a gap. */
  overscan: number;
  scroller: RefObject<HTMLElement | null>;
}

export interface RowWindow {
  /** The height of all rows: the inner element's, so the scrollbar covers the whole list. */
  totalSize: number;
  /** The rows to draw now, each with its offset from the top. */
  rows: { index: number; start: number }[];
}

/** Rows kept behind the view: enough for a small scroll back. */
const behind = 2;

/** The rows of `count` that the scroller shows now; follows its scrolling and its size. */
export function useRowWindow({ count, rowHeight, overscan, scroller }: RowWindowOptions): RowWindow {
  const [view, setView] = useState({ first: 0, last: 0, down: true, jump: 0 });
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const measure = () => {
      const first = Math.floor(element.scrollTop / rowHeight);
      const last = Math.ceil((element.scrollTop + element.clientHeight) / rowHeight);
      // A scroll within the same rows changes nothing: no render.
      setView((v) => (v.first === first && v.last === last ? v : { first, last, down: first >= v.first, jump: Math.abs(first - v.first) }));
    };
    // Drawn within the scroll event, as the browser paints the scrolled position: never a gap.
    const onScroll = () => flushSync(measure);
    measure();
    element.addEventListener('scroll', onScroll, { passive: true });
    const resize = typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(measure);
    resize?.observe(element);
    return () => {
      element.removeEventListener('scroll', onScroll);
      resize?.disconnect();
    };
  }, [scroller, rowHeight]);
  // The margin is drawn on the side the list is moving to: rows behind would only be dropped again.
  // A scroll that jumped further than the margin (a fling, the scrollbar dragged) would jump past
  // the next margin too: every row is drawn anew each frame then, so none is drawn in vain.
  const ahead = view.jump > overscan ? behind : overscan;
  const start = Math.max(0, Math.min(view.first, count) - (view.down ? behind : ahead));
  const end = Math.min(count, view.last + (view.down ? ahead : behind));
  const rows: RowWindow['rows'] = [];
  for (let index = start; index < end; index++) rows.push({ index, start: index * rowHeight });
  return { totalSize: count * rowHeight, rows };
}
