// Ctrl/Cmd+K: jump to any screen, tenant or draft, or run any action, by typing a few letters.
// A combobox (the input) with its listbox: arrows move, Enter runs, Escape closes.
import { useEffect, useMemo, useState } from 'react';
import { OverlayDialog } from '../components/OverlayDialog';
import { TenantBadge } from '../components/TenantBadge';
import { useAppStore } from './app-store';
import { useTenantEditRequest } from '../features/tenants/edit-request';
import { pageCommandEntries, runPageCommand } from './commands';
import { displayAccelerator, isMacPlatform } from './keyboard';
import { showFailure } from './failures';
import { useOverlayStore } from './overlay-store';
import { rankPaletteItems, readPaletteRecords, type PaletteItem } from './palette-items';
import './overlays.css';

function commandItems(mac: boolean): PaletteItem[] {
  return pageCommandEntries
    .filter((c) => c.command !== 'palette.open')
    .map((c) => ({
      kind: 'command',
      id: `command:${c.command}`,
      title: c.title,
      command: c.command,
      ...(c.accelerator ? { shortcut: displayAccelerator(c.accelerator, mac) } : c.key ? { shortcut: c.key } : {}),
    }));
}

/** Tenants and drafts, read when the palette opens. */
function useRecords(): PaletteItem[] {
  const [records, setRecords] = useState<PaletteItem[]>([]);
  useEffect(() => {
    let live = true;
    void readPaletteRecords().then((read) => live && setRecords(read));
    return () => {
      live = false;
    };
  }, []);
  return records;
}

async function runItem(item: PaletteItem): Promise<void> {
  if (item.kind === 'command') return runPageCommand(item.command);
  if (item.kind === 'tenant') return useTenantEditRequest.getState().requestShow(item.tenantId);
  const { useDraftsStore } = await import('../features/drafts/drafts-store');
  useAppStore.getState().goTo('drafts');
  useDraftsStore.getState().open(item.draftId);
}

const kindLabel: Record<PaletteItem['kind'], string> = { command: 'Command', tenant: 'Tenant', draft: 'Draft' };

export function CommandPalette() {
  const close = useOverlayStore((s) => s.close);
  const mac = isMacPlatform(useAppStore((s) => s.appInfo?.platform));
  const records = useRecords();
  const items = useMemo(() => [...commandItems(mac), ...records], [mac, records]);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const shown = useMemo(() => rankPaletteItems(items, query), [items, query]);
  const current = shown[Math.min(active, shown.length - 1)];
  // aria-activedescendant moves no scroll: the highlighted match is kept in view.
  useEffect(() => {
    if (current) document.getElementById(`palette-${current.id}`)?.scrollIntoView({ block: 'nearest' });
  }, [current]);

  const choose = (item: PaletteItem | undefined) => {
    if (!item) return;
    close();
    runItem(item).catch((error: unknown) => showFailure(error));
  };

  return (
    <OverlayDialog label="Command palette" className="palette" onClose={close}>
      <input
        data-autofocus
        className="palette-input"
        role="combobox"
        aria-label="Type a command, a tenant or a draft"
        aria-expanded="true"
        aria-controls="palette-list"
        aria-autocomplete="list"
        aria-activedescendant={current ? `palette-${current.id}` : undefined}
        placeholder="Type a command, a tenant or a draft"
        value={query}
        spellCheck={false}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            const step = e.key === 'ArrowDown' ? 1 : -1;
            setActive((i) => (shown.length === 0 ? 0 : (Math.min(i, shown.length - 1) + step + shown.length) % shown.length));
          } else if (e.key === 'Enter') {
            e.preventDefault();
            choose(current);
          }
        }}
      />
      <ul id="palette-list" role="listbox" aria-label="Matches" className="palette-list">
        {shown.map((item) => (
          <li
            key={item.id}
            id={`palette-${item.id}`}
            role="option"
            aria-selected={item === current}
            className="palette-item"
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => choose(item)}
          >
            <span className="palette-kind">{kindLabel[item.kind]}</span>
            {item.kind === 'tenant' ? <TenantBadge name={item.title} environment={item.environment} /> : <span>{item.title}</span>}
            {item.kind !== 'command' && <span className="muted palette-detail">{item.detail}</span>}
            {item.kind === 'command' && item.shortcut && <kbd className="palette-shortcut">{item.shortcut}</kbd>}
          </li>
        ))}
      </ul>
      {shown.length === 0 && (
        <p className="muted palette-empty" role="status">
          Nothing matches “{query}”. Try part of a screen’s, a tenant’s or a draft’s name.
        </p>
      )}
    </OverlayDialog>
  );
}
