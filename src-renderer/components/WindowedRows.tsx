// The body of a windowed table (TanStack Virtual): only the rows in view are in the page, so tens
// of thousands of rows scroll like a few. Rows are fixed-height grid rows (inventory.css's .inv-*).
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, type CSSProperties, type ReactNode } from 'react';

const rowHeight = 34;

interface Props {
  count: number;
  label: string;
  /** One row, placed by `style`. */
  row(index: number, style: CSSProperties): ReactNode;
}

export function WindowedRows({ count, label, row }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count, getScrollElement: () => scroller.current, estimateSize: () => rowHeight, overscan: 12 });
  return (
    // Focusable, so the keyboard can scroll it (arrows, Page Up/Down).
    <div ref={scroller} className="inv-body" role="rowgroup" tabIndex={0} aria-label={label}>
      <div className="inv-body-inner" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((v) => row(v.index, { transform: `translateY(${v.start}px)` }))}
      </div>
    </div>
  );
}
