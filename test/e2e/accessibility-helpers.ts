// Accessibility checks shared by the accessibility specs: axe at every place a test reaches, and
// walking the app with the keyboard alone, as a user who cannot use a mouse: each Tab stop must
// show where focus is (an indicator of 3:1 against what is next to it, not cut off by a scrolling
// or clipping box), stops come in reading order, and focus is never dropped on the page.
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { accessibilityViolations } from './setup-helpers';

export const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });
export const heading = (page: Page, name: string) => page.getByRole('heading', { name, level: 1 });

/** Opens a screen from the main navigation. */
export async function go(page: Page, screen: string): Promise<void> {
  await nav(page).getByRole('button', { name: screen }).click();
  await expect(heading(page, screen)).toBeVisible();
}

/** A tenant's status in the Inventory's strip: "Read just now", "Loading…", "Failed: …". */
export const inventoryChip = (page: Page, tenant: string) =>
  page.getByRole('list', { name: 'Tenants in this inventory' }).getByRole('status', { name: new RegExp(`^${tenant}: `) });

/**
 * axe at each place a test reaches, in both themes the app follows (the OS's light or dark), and
 * everything found reported at the end: one run names every place with a violation, not the first.
 * `screenshot` keeps a picture of the place in each theme in the test's output folder, to look at.
 */
export function axeSweep(page: Page) {
  const found: string[] = [];
  const places: string[] = [];
  return {
    async at(where: string, options: { screenshot?: string } = {}) {
      places.push(where);
      for (const colorScheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme });
        found.push(...(await accessibilityViolations(page, `${where} (${colorScheme})`)));
        if (options.screenshot)
          await page.screenshot({ path: test.info().outputPath(`${options.screenshot}-${colorScheme}.png`), fullPage: true });
      }
      await page.emulateMedia({ colorScheme: 'light' });
    },
    async done() {
      test.info().annotations.push({ type: 'axe places', description: `${places.length}: ${places.join('; ')}` });
      expect(found, `axe violations at ${places.length} places`).toEqual([]);
    },
  };
}

export interface FocusStop {
  /** Role and name, as a user's assistive technology would say it: "button Add tenant". */
  name: string;
  /** Why the focus indicator is not good enough, or null. */
  problem: string | null;
}

/** What has focus now, and whether a sighted keyboard user can see it. Runs in the page. */
function describeFocus(): FocusStop {
  const el = document.activeElement as HTMLElement | null;
  if (!el || el === document.body || el === document.documentElement)
    return { name: '(nothing: the page)', problem: 'focus is on no element' };
  const role = el.getAttribute('role') ?? (el instanceof HTMLInputElement ? `input[${el.type}]` : el.tagName.toLowerCase());
  const labelled = el
    .getAttribute('aria-labelledby')
    ?.split(/\s+/)
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ');
  const labels = 'labels' in el ? [...((el as HTMLInputElement).labels ?? [])].map((l) => l.textContent).join(' ') : '';
  const name = (el.getAttribute('aria-label') ?? (labelled || labels || el.textContent || '')).replace(/\s+/g, ' ').trim().slice(0, 80);

  const rgba = (color: string): [number, number, number, number] => {
    const m = /rgba?\(([^)]+)\)/.exec(color);
    if (!m) return [0, 0, 0, 0];
    const [r, g, b, a = '1'] = m[1]!.split(/[\s,/]+/).filter(Boolean);
    return [Number(r), Number(g), Number(b), Number(a)];
  };
  const luminance = ([r, g, b]: number[]) =>
    [r!, g!, b!]
      .map((c) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4))
      .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i]!, 0);
  const contrast = (a: number[], b: number[]) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi! + 0.05) / (lo! + 0.05);
  };
  /** The opaque colour painted behind `from`: the first ancestor (or itself) with a background. */
  const backgroundBehind = (from: Element | null) => {
    for (let e = from; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c[3] > 0.5) return c;
    }
    return rgba(getComputedStyle(document.body).backgroundColor);
  };

  const style = getComputedStyle(el);
  const width = parseFloat(style.outlineWidth);
  const offset = parseFloat(style.outlineOffset);
  let problem: string | null = null;
  if (style.outlineStyle === 'none' || width < 2) {
    problem = `no focus indicator (outline ${style.outlineStyle} ${style.outlineWidth})`;
  } else {
    // An outline drawn inside the element is seen against the element; one outside, against its surroundings.
    const behind = offset + width <= 0 ? backgroundBehind(el) : backgroundBehind(el.parentElement);
    const ratio = contrast(rgba(style.outlineColor), behind);
    if (ratio < 3)
      problem =
        `focus indicator contrast ${ratio.toFixed(2)}:1, under 3:1 ` + `(${style.outlineColor} on rgb(${behind.slice(0, 3).join(', ')}))`;
    const box = el.getBoundingClientRect();
    const grow = Math.max(0, offset + width);
    if (box.width === 0 || box.height === 0) problem = 'the focused element has no size';
    // Up to the top layer (an open popover or modal dialog), which no box below it clips.
    const topLayer = el.closest(':popover-open, dialog:modal');
    for (let e = el === topLayer ? null : el.parentElement; e && !problem; e = e === topLayer ? null : e.parentElement) {
      const s = getComputedStyle(e);
      if (s.overflowX === 'visible' && s.overflowY === 'visible') continue;
      const clip = e.getBoundingClientRect();
      // Scrolled out of view altogether (content grew above it): the next key press scrolls it back.
      const scrolls = /auto|scroll/.test(`${s.overflowX} ${s.overflowY}`);
      if (scrolls && (box.bottom <= clip.top || box.top >= clip.bottom || box.right <= clip.left || box.left >= clip.right)) continue;
      const inside =
        box.left - grow >= clip.left - 0.5 &&
        box.right + grow <= clip.right + 0.5 &&
        box.top - grow >= clip.top - 0.5 &&
        box.bottom + grow <= clip.bottom + 0.5;
      const edges = (r: DOMRect) => [r.left, r.top, r.right, r.bottom].map(Math.round).join(',');
      if (!inside)
        problem =
          `focus indicator (${edges(box)} + ${grow}px) cut off by ${e.tagName.toLowerCase()}.${[...e.classList].join('.')} ` +
          `(${edges(clip)}, overflow ${s.overflowX}/${s.overflowY})`;
    }
  }
  return { name: `${role} ${name}`.trim(), problem };
}

/** Where focus is now, and what is wrong with seeing it. */
export function focusStop(page: Page): Promise<FocusStop> {
  return page.evaluate(describeFocus);
}

/** Focus is on an element (not dropped on the page), and a sighted user can see where. */
export async function expectVisibleFocus(page: Page, where: string): Promise<void> {
  const stop = await focusStop(page);
  expect(stop.problem, `focus at ${where}: ${stop.name}`).toBeNull();
}

/**
 * Presses Tab (Shift+Tab with `back`) until `target` has focus, at most `max` times. Every stop on
 * the way must show its focus (see describeFocus) and come after the one before it in the page's
 * reading order (before it, going back). Returns the stops, "role name" each.
 */
export async function tabTo(page: Page, target: Locator, options: { back?: boolean; max?: number } = {}): Promise<string[]> {
  const { back = false, max = 40 } = options;
  const stops: string[] = [];
  if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return stops;
  await page.evaluate(() => ((window as unknown as { lastStop?: Element | null }).lastStop = document.activeElement));
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const stop = await focusStop(page);
    stops.push(stop.name);
    expect(stop.problem, `Tab stop ${i + 1} (${stop.name}) on the way to ${target}`).toBeNull();
    const inOrder = await page.evaluate((backwards) => {
      const w = window as unknown as { lastStop?: Element | null };
      const before = w.lastStop;
      const now = document.activeElement;
      w.lastStop = now;
      // The same element again: Tab moved between the parts of one field (a date's month, day, year).
      if (!before || before === document.body || !before.isConnected || !now || now === before) return true;
      const position = before.compareDocumentPosition(now);
      return Boolean(position & (backwards ? Node.DOCUMENT_POSITION_PRECEDING : Node.DOCUMENT_POSITION_FOLLOWING));
    }, back);
    expect(inOrder, `Tab stop ${i + 1} (${stop.name}) comes ${back ? 'before' : 'after'} the last one in reading order`).toBe(true);
    if (await target.evaluate((el) => el === document.activeElement || el.contains(document.activeElement)).catch(() => false))
      return stops;
  }
  throw new Error(`${max} presses of ${back ? 'Shift+Tab' : 'Tab'} did not reach ${target}; the stops were: ${stops.join(' | ')}`);
}
