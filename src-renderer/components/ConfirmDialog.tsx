import { useLayoutEffect, useRef, type ReactNode } from 'react';
import { rememberFocus, wrapTabWithin } from './focus';

/**
 * A modal question with its choices. A native modal <dialog>: the browser makes the rest of the
 * page inert and keeps focus inside it; when it closes, focus goes back where it was, or near it when
 * that is gone (rememberFocus). (Radix and
 * friends lock scrolling with an injected <style>, which the app's CSP refuses.) Escape takes the
 * `onEscape` way out unless something is running. The choice marked `data-autofocus` gets focus.
 *
 * The dialog closes only when React unmounts it: Escape is taken at the keydown (Chromium closes a
 * dialog on a second Escape even when its cancel event is refused), and a close from elsewhere
 * reopens it, so the page is never left without the dialog it still renders.
 */
export function ConfirmDialog({
  title,
  text,
  busy,
  onEscape,
  children,
}: {
  title: string;
  text: ReactNode;
  busy: boolean;
  onEscape(): void;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const escape = useRef(onEscape);
  escape.current = onEscape;
  const running = useRef(busy);
  running.current = busy;

  // Before the first frame paints: the dialog is modal (the page behind inert, and a key pressed
  // just after the one that opened it goes to the dialog) from the moment it is in the page.
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const giveFocusBack = rememberFocus();
    let unmounting = false;
    const open = () => {
      if (!dialog.open && typeof dialog.showModal === 'function') dialog.showModal();
    };
    open();
    (
      dialog.querySelector<HTMLElement>('[data-autofocus]') ?? dialog.querySelector<HTMLElement>('button, input, select, textarea')
    )?.focus();
    const onCancel = (event: Event) => {
      event.preventDefault();
      if (!running.current) escape.current();
    };
    const onClose = () => {
      if (!unmounting) open();
    };
    dialog.addEventListener('cancel', onCancel);
    dialog.addEventListener('close', onClose);
    return () => {
      unmounting = true;
      dialog.removeEventListener('cancel', onCancel);
      dialog.removeEventListener('close', onClose);
      if (dialog.open) dialog.close();
      // Once the whole change is in the page: the element that had focus may be leaving with the
      // dialog (a selection's button), and focus must then go where the user's work goes on.
      queueMicrotask(giveFocusBack);
    };
  }, []);

  // While its choice runs, the pressed button is disabled; focus stays in the dialog, not on the page.
  useLayoutEffect(() => {
    const dialog = ref.current;
    const active = document.activeElement;
    if (busy && dialog && (!dialog.contains(active) || active?.matches(':disabled'))) dialog.focus();
  }, [busy]);

  return (
    <dialog
      ref={ref}
      className="panel dialog"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby="confirm-title"
      aria-describedby="confirm-text"
      aria-busy={busy || undefined}
      tabIndex={-1}
      onKeyDown={(event) => {
        if (event.key === 'Tab') return wrapTabWithin(event);
        if (event.key !== 'Escape') return;
        event.preventDefault();
        if (!running.current) escape.current();
      }}
    >
      <h2 id="confirm-title">{title}</h2>
      <div id="confirm-text" className="dialog-text">
        {text}
      </div>
      <div className="button-row">{children}</div>
    </dialog>
  );
}
