// Where keyboard focus goes when what held it leaves the page. The browser drops focus on the page
// itself when the focused element is removed, hidden or disabled (a dialog's row deleted, a step
// replaced, a screen changed): a keyboard user must then find their place from the top again, and a
// screen reader says nothing. These put focus where the user's work goes on.
import type { KeyboardEvent as ReactKeyboardEvent } from 'react';

let focusedOnce = false;
if (typeof document !== 'undefined') document.addEventListener('focusin', () => (focusedOnce = true), { capture: true });

/** Focus fell to the page after the user had it somewhere (not the page's first load, where it starts there). */
export function focusIsLost(): boolean {
  const active = document.activeElement;
  return focusedOnce && (!active || active === document.body || active === document.documentElement);
}

function canTakeFocus(el: Element | null | undefined): el is HTMLElement {
  // A control (tabIndex 0 by nature), or anything given a tabindex, even -1 (focusable from script).
  const focusable = el instanceof HTMLElement && (el.tabIndex >= 0 || el.hasAttribute('tabindex'));
  // checkVisibility: not rendered (display: none, a closed popover) cannot take focus. Absent outside Chromium (jsdom).
  return focusable && el.isConnected && !el.matches(':disabled') && (typeof el.checkVisibility !== 'function' || el.checkVisibility());
}

const controls = 'input:not([type="hidden"]), select, textarea, button, a[href], summary, [tabindex]:not([tabindex="-1"])';

/** The first control in `container` that can take focus, focused; false when there is none. */
export function focusFirstIn(container: Element | null): boolean {
  const first = [...(container?.querySelectorAll(controls) ?? [])].find(canTakeFocus);
  first?.focus();
  return Boolean(first);
}

/**
 * A ref that focuses its element when it is put in the page: a form opened by a button, a field
 * revealed by "Set anyway". Not `autoFocus`: Preact (in React's place) only sets the attribute, which
 * the browser honours on the page's first load alone. One function, so a re-render never refocuses.
 */
export const focusWhenShown = (element: HTMLElement | null): void => element?.focus();

/** The screen's title (ScreenHeader's h1, focusable from script only). */
export function focusScreenTitle(): void {
  document.getElementById('screen-title')?.focus();
}

/**
 * Remembers what has focus now, before a dialog or a form takes it; the function returned gives it
 * back. When that element is gone (its row was deleted) or hidden (it was in a menu that closed),
 * focus goes to that menu's button, else to the nearest container that takes focus (the inventory's
 * rows), else to the screen's title.
 */
export function rememberFocus(): () => void {
  const from = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null;
  const menu = from?.closest<HTMLElement>('[popover]');
  const invoker = menu?.id ? document.querySelector<HTMLElement>(`[popovertarget="${CSS.escape(menu.id)}"]`) : null;
  const ancestors: Element[] = [];
  for (let e = from?.parentElement; e; e = e.parentElement) ancestors.push(e);
  return () => {
    const target = [from, invoker, ...ancestors].find(canTakeFocus);
    if (target) target.focus();
    else focusScreenTitle();
  };
}

/**
 * Tab wraps around inside a modal dialog: left to the browser, it moves on past the last control
 * to the browser's own UI, and focus leaves the dialog. Call it from the dialog's keydown.
 */
export function wrapTabWithin(event: ReactKeyboardEvent<HTMLElement>): void {
  const tabbable = [
    ...event.currentTarget.querySelectorAll<HTMLElement>('button, input, select, textarea, a[href], [tabindex="0"]'),
  ].filter((e) => !e.matches(':disabled'));
  const edge = event.shiftKey ? tabbable[0] : tabbable.at(-1);
  if (edge && document.activeElement === edge) {
    event.preventDefault();
    (event.shiftKey ? tabbable.at(-1) : tabbable[0])?.focus();
  }
}
