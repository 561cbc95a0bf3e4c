// One menu of actions per row. The browser's popover puts it in the top layer (the windowed row's
// fixed height never clips it); Escape or a click elsewhere closes it. Opened by its button, or from
// the row by the menu key, Shift+F10 or Enter (the table calls openRowMenu).
import { useRef } from 'react';

export interface RowAction {
  label: string;
  /** The whole name, for a screen reader and the tests: "Delete config GPT on Acme". */
  name: string;
  run(): void;
  danger?: boolean;
}

export const rowMenuId = (rowKey: string) => `row-menu-${rowKey.replace(/[^A-Za-z0-9_-]/g, '_')}`;

/** Opens the row's menu, its first item focused. */
export function openRowMenu(rowKey: string): void {
  const menu = document.getElementById(rowMenuId(rowKey));
  if (menu && !menu.matches(':popover-open')) menu.showPopover();
}

export function RowMenu({ rowKey, label, actions }: { rowKey: string; label: string; actions: RowAction[] }) {
  const button = useRef<HTMLButtonElement>(null);
  const id = rowMenuId(rowKey);
  const items = () => [...(document.getElementById(id)?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? [])];
  return (
    <>
      <button
        ref={button}
        type="button"
        className="button subtle row-menu-button"
        popoverTarget={id}
        aria-haspopup="menu"
        aria-label={`Actions for ${label}`}
      >
        <span aria-hidden="true">⋯</span>
      </button>
      <div
        id={id}
        popover="auto"
        role="menu"
        aria-label={`Actions for ${label}`}
        className="row-menu"
        onToggle={(e) => {
          if ((e as unknown as ToggleEvent).newState !== 'open') return;
          // Under its button, right-aligned, kept inside the window.
          const box = button.current?.getBoundingClientRect();
          const menu = e.currentTarget;
          if (box) {
            menu.style.top = `${Math.min(box.bottom + 2, window.innerHeight - menu.offsetHeight - 4)}px`;
            menu.style.left = `${Math.max(4, box.right - menu.offsetWidth)}px`;
          }
          items()[0]?.focus();
        }}
        onKeyDown={(e) => {
          const all = items();
          const at = all.indexOf(document.activeElement as HTMLButtonElement);
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            all[(at + (e.key === 'ArrowDown' ? 1 : all.length - 1)) % all.length]?.focus();
          } else if (e.key === 'Home' || e.key === 'End') {
            e.preventDefault();
            all[e.key === 'Home' ? 0 : all.length - 1]?.focus();
          }
        }}
      >
        {actions.map((a) => (
          <button
            key={a.label}
            type="button"
            role="menuitem"
            aria-label={a.name}
            className={`row-menu-item ${a.danger ? 'danger-text' : ''}`}
            onClick={() => {
              document.getElementById(id)?.hidePopover();
              a.run();
            }}
          >
            {a.label}
          </button>
        ))}
      </div>
    </>
  );
}
