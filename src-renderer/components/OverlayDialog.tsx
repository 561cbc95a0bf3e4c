import { useLayoutEffect, useRef, type ReactNode } from 'react';
import { rememberFocus, wrapTabWithin } from './focus';

/**
 * A light modal (the command palette, the shortcuts help): a native <dialog>, so the page behind is
 * inert; Escape or a click outside it closes it; focus goes back where it was.
 */
export function OverlayDialog({
  label,
  className,
  onClose,
  children,
}: {
  label: string;
  className?: string;
  onClose(): void;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const close = useRef(onClose);
  close.current = onClose;
  // Before the first frame paints: the dialog is modal (the page behind inert, and a key pressed
  // just after the one that opened it goes to the dialog) from the moment it is in the page.
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const giveFocusBack = rememberFocus();
    if (!dialog.open && typeof dialog.showModal === 'function') dialog.showModal();
    dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    const onCancel = (event: Event) => {
      event.preventDefault();
      close.current();
    };
    dialog.addEventListener('cancel', onCancel);
    return () => {
      dialog.removeEventListener('cancel', onCancel);
      if (dialog.open) dialog.close();
      // Once the whole change is in the page: the element that had focus may be leaving with the
      // dialog (a selection's button), and focus must then go where the user's work goes on.
      queueMicrotask(giveFocusBack);
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className={`panel dialog overlay-dialog ${className ?? ''}`}
      aria-label={label}
      aria-modal="true"
      onKeyDown={(event) => {
        if (event.key === 'Tab') return wrapTabWithin(event);
        if (event.key !== 'Escape') return;
        event.preventDefault();
        close.current();
      }}
      // A click on the backdrop lands on the dialog element itself: outside its content.
      onMouseDown={(event) => {
        if (event.target === event.currentTarget) close.current();
      }}
    >
      {children}
    </dialog>
  );
}
