import { useEffect, useRef, type ReactNode } from 'react';

/**
 * A modal question with its choices. A native modal <dialog>: the browser makes the rest of the
 * page inert and keeps focus inside it; when it closes, focus goes back where it was. (Radix and
 * friends lock scrolling with an injected <style>, which the app's CSP refuses.) Escape takes the
 * `onEscape` way out unless something is running. The choice marked `data-autofocus` gets focus.
 */
export function ConfirmDialog({ title, text, busy, onEscape, children }: { title: string; text: ReactNode; busy: boolean; onEscape(): void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  const escape = useRef(onEscape);
  escape.current = onEscape;
  const running = useRef(busy);
  running.current = busy;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const returnTo = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open && typeof dialog.showModal === 'function') dialog.showModal();
    (dialog.querySelector<HTMLElement>('[data-autofocus]') ?? dialog.querySelector<HTMLElement>('button, input, select, textarea'))?.focus();
    const onCancel = (event: Event) => {
      event.preventDefault();
      if (!running.current) escape.current();
    };
    dialog.addEventListener('cancel', onCancel);
    return () => {
      dialog.removeEventListener('cancel', onCancel);
      if (dialog.open) dialog.close();
      if (returnTo?.isConnected) returnTo.focus();
    };
  }, []);

  return (
    <dialog ref={ref} className="panel dialog" role="alertdialog" aria-modal="true" aria-labelledby="confirm-title" aria-describedby="confirm-text">
      <h2 id="confirm-title">{title}</h2>
      <div id="confirm-text" className="dialog-text">
        {text}
      </div>
      <div className="button-row">{children}</div>
    </dialog>
  );
}
