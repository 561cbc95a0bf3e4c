// Shortcuts written once, in Electron's accelerator syntax (src-shared/app-commands.ts): the menu
// owns them in the desktop app; in the web harness the page matches them itself. Pure: no DOM
// beyond a KeyboardEvent's fields, so a test can check every combination.

export type KeyPress = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>;

interface Accelerator {
  mod: boolean;
  alt: boolean;
  shift: boolean;
  key: string;
}

function parse(accelerator: string): Accelerator {
  const parts = accelerator.split('+');
  const key = parts.at(-1)!.toLowerCase();
  const has = (name: string) => parts.slice(0, -1).some((p) => p.toLowerCase() === name);
  return { mod: has('cmdorctrl'), alt: has('alt'), shift: has('shift'), key };
}

/** Whether the key press is the accelerator: Cmd on macOS, Ctrl elsewhere, and no other modifier. */
export function matchesAccelerator(event: KeyPress, accelerator: string, mac: boolean): boolean {
  const wanted = parse(accelerator);
  const mod = mac ? event.metaKey : event.ctrlKey;
  const other = mac ? event.ctrlKey : event.metaKey;
  if (mod !== wanted.mod || other || event.altKey !== wanted.alt || event.shiftKey !== wanted.shift) return false;
  return event.key.toLowerCase() === wanted.key;
}

/** The accelerator as the OS writes it: "⌘⇧N" on macOS, "Ctrl+Shift+N" elsewhere. */
export function displayAccelerator(accelerator: string, mac: boolean): string {
  const { mod, alt, shift, key } = parse(accelerator);
  const name = key.toUpperCase();
  if (mac) return `${mod ? '⌘' : ''}${alt ? '⌥' : ''}${shift ? '⇧' : ''}${name}`;
  return [mod ? 'Ctrl' : '', alt ? 'Alt' : '', shift ? 'Shift' : '', name].filter(Boolean).join('+');
}

/** A key typed into a field is text, not a shortcut (unless it holds Ctrl or Cmd). */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(target.type);
}

export const isMacPlatform = (platform: string | undefined) =>
  platform === 'darwin' || (platform === undefined && /Mac/i.test(globalThis.navigator?.platform ?? ''));
