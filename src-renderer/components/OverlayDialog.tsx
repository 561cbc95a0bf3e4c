import { useEffect, useRef, type ReactNode } from 'react';
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
  useEffect(() => {
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
      giveFocusBack();
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
