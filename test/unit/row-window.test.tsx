// @vitest-environment jsdom
// The windowed lists (inventory, audit log, model picker): only the rows in view and a margin on
// the side the list moves to are in the page, and they follow the scroll within the same event.
import { cleanup, render } from '@testing-library/react';
import { useRef } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { useRowWindow } from '../../src-renderer/components/row-window';

afterEach(cleanup);

const rowHeight = 34;
/** jsdom lays nothing out: the scroller is given the height a stylesheet would give it. */
const viewport = 10 * rowHeight;

function List({ count }: { count: number }) {
  const scroller = useRef<HTMLDivElement>(null);
  const { totalSize, rows } = useRowWindow({ count, rowHeight, overscan: 12, scroller });
  return (
    <div
      data-testid="scroller"
      ref={(element) => {
        scroller.current = element;
        if (element) Object.defineProperty(element, 'clientHeight', { configurable: true, value: viewport });
      }}
    >
      <div data-testid="inner" style={{ height: totalSize }}>
        {rows.map((r) => (
          <div key={r.index} data-row={r.index} data-top={r.start} />
        ))}
      </div>
    </div>
  );
}

const shown = (container: HTMLElement) => [...container.querySelectorAll('[data-row]')].map((r) => Number(r.getAttribute('data-row')));
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

function scrollTo(element: HTMLElement, top: number) {
  element.scrollTop = top;
  element.dispatchEvent(new Event('scroll'));
}

describe('a window of fixed-height rows', () => {
  it('draws only the rows in view and the margin ahead, each at its offset, over the height of all rows', () => {
    const { container, getByTestId } = render(<List count={10_000} />);
    expect(getByTestId('inner').style.height).toBe(`${10_000 * rowHeight}px`);
    expect(shown(container)).toEqual(range(0, 22));
    expect(container.querySelector('[data-row="21"]')!.getAttribute('data-top')).toBe(String(21 * rowHeight));
  });

  it('follows a scroll down and back up in the scroll event itself, with the margin on the side it moves to', () => {
    const { container, getByTestId } = render(<List count={10_000} />);
    const scroller = getByTestId('scroller');
    // Down by 5 rows: rows 5 to 14 in view, 12 more below, 2 kept above.
    scrollTo(scroller, 5 * rowHeight);
    expect(shown(container)).toEqual(range(3, 27));
    // Back up by 3 rows: the margin is now above.
    scrollTo(scroller, 2 * rowHeight);
    expect(shown(container)).toEqual(range(0, 14));
    scrollTo(scroller, 1 * rowHeight);
    expect(shown(container)).toEqual(range(0, 13));
  });

  it('draws no margin after a jump further than the margin, whose rows the next jump would pass by', () => {
    const { container, getByTestId } = render(<List count={10_000} />);
    const scroller = getByTestId('scroller');
    scrollTo(scroller, 5_000 * rowHeight);
    expect(shown(container)).toEqual(range(4_998, 5_012));
    // A small step after it: the margin ahead is back.
    scrollTo(scroller, 5_004 * rowHeight);
    expect(shown(container)).toEqual(range(5_002, 5_026));
  });

  it('ends at the last row', () => {
    const { container, getByTestId } = render(<List count={100} />);
    scrollTo(getByTestId('scroller'), 90 * rowHeight);
    expect(shown(container)).toEqual(range(88, 100));
  });
});
