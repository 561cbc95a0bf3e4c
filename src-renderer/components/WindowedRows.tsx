// The body of a windowed table: only the rows in view are in the page, so tens of thousands of
// rows scroll like a few. Rows are fixed-height grid rows (inventory.css's .inv-*).
import { useRef, type CSSProperties, type ReactNode } from 'react';
import { useRowWindow } from './row-window';

const rowHeight = 34;

interface Props {
  count: number;
  label: string;
  /** One row, placed by `style`. */
  row(index: number, style: CSSProperties): ReactNode;
}

export function WindowedRows({ count, label, row }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  // A margin of 6 rows covers a wheel notch or two (3 rows each); each row more is drawn on every keystroke of a search.
  const rowWindow = useRowWindow({ count, rowHeight, overscan: 6, scroller });
  return (
    // Focusable, so the keyboard can scroll it (arrows, Page Up/Down).
    <div ref={scroller} className="inv-body" role="rowgroup" tabIndex={0} aria-label={label}>
      <div className="inv-body-inner" style={{ height: rowWindow.totalSize }}>
        {rowWindow.rows.map((v) => row(v.index, { transform: `translateY(${v.start}px)` }))}
      </div>
    </div>
  );
}
