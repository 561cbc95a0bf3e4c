import type { ReactNode } from 'react';

/** A modal question with its choices; Escape takes the `onEscape` way out unless something is running. */
export function ConfirmDialog({ title, text, busy, onEscape, children }: { title: string; text: ReactNode; busy: boolean; onEscape(): void; children: ReactNode }) {
  return (
    <div className="dialog-backdrop">
      <div
        className="panel dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="confirm-title"
        aria-describedby="confirm-text"
        onKeyDown={(e) => {
          if (e.key === 'Escape' && !busy) onEscape();
        }}
      >
        <h2 id="confirm-title">{title}</h2>
        <p id="confirm-text">{text}</p>
        <div className="button-row">{children}</div>
      </div>
    </div>
  );
}
