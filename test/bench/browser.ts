// The page's figures, in the system Chromium through the web harness (as the end-to-end tests run
// it), with the built renderer in out/:
//
// - model filter: the Setup screen's picker holding 10,000 models; a keystroke in its filter to the
//   end of the next painted frame, median and p95, ÷ the same on a bare input in the same page.
// - inventory filter: the same in the inventory's search over 25,000 rows.
// - inventory scroll: the 25,000 rows scrolled from top to bottom, a window's height a frame (10,000
//   rows at smoke size: 629 frames); the p95 frame interval ÷ the page's idle frame (its median
//   interval, at rest). A frame is on time or a frame late, so the figure is 1 or 2: with four
//   heights a frame (158 frames) one stall of eight frames, after the rest of a CI run, made it 2.
// - first paint: loading the app to the Tenants screen interactive (its list on a painted frame),
//   with 25 tenant profiles and 25,000 rows read and cached, ÷ the same with no profile at all.
//   The two harnesses are loaded in turn, so both see the machine alike.
//
// Keystrokes are made in the page just after a frame is painted (page-probes.js): a keystroke whose
// work fits in a frame shows on the next one, as on the bare input, and the ratio is 1; one frame
// late is 2. Timing them from Playwright would add its own round trip and fall at random phases of
// the frame, which measures the frame clock more than the app.
import { resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startFakeTenant, type FakeTenant } from '../fake-tenant/server';
import { startHarnessProcess, type HarnessProcess } from '../support/harness-process';
import { median, millis, percentile, type BenchSize, type Figure } from './figures';

const probes = resolve(import.meta.dirname, 'page-probes.js');

interface Plan {
  /** Inventory rows: 25 tenants with rows / 25 configs each. */
  rows: number;
  keystrokes: number;
  /** Scroll step, in window heights per frame. */
  scrollStep: number;
  firstPaints: number;
}
// At smoke size 10,000 rows: reading 25,000 through the harness alone takes a third of its minute.
const planFor = (size: BenchSize): Plan =>
  size.name === 'full'
    ? { rows: 25_000, keystrokes: 50, scrollStep: 1, firstPaints: 10 }
    : { rows: 10_000, keystrokes: 20, scrollStep: 1, firstPaints: 4 };

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    // As playwright.config.ts runs it.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A page of the harness with the probes installed, signed in with the harness's token. */
export async function openHarness(browser: Browser, harness: HarnessProcess): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  await context.addInitScript({ path: probes });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  await page.goto(harness.url);
  return page;
}

export async function addProfiles(page: Page, entries: { name: string; tenant: FakeTenant }[]): Promise<void> {
  const inputs = entries.map(({ name, tenant }) => ({
    name,
    baseUrl: tenant.baseUrl,
    environment: { label: 'staging', color: '#bf8700' },
    auth: { method: 'apiToken', apiToken: tenant.apiAccessToken },
  }));
  // A string, not a function: tsx would wrap a function's body in helpers the page does not have.
  await page.evaluate(`(async (inputs) => {
    for (const input of inputs) await window.byomDesk.createTenantProfile(input);
  })(${JSON.stringify(inputs)})`);
  await page.reload();
}

/** The values a typist's input holds, keystroke by keystroke: `word` typed, then erased, and again. */
function keystrokeValues(word: string, count: number): string[] {
  const typing = Array.from({ length: word.length }, (_, i) => word.slice(0, i + 1));
  const erasing = Array.from({ length: word.length }, (_, i) => word.slice(0, word.length - 1 - i));
  const cycle = [...typing, ...erasing];
  return Array.from({ length: count }, (_, i) => cycle[i % cycle.length]!);
}

/** Each keystroke on the app's input, then the same on the bare input, in turn: medians and p95s of both. */
async function typeBoth(page: Page, selector: string, word: string, count: number) {
  const bare = (await page.evaluate('window.__bench.bareInput()')) as string;
  const app: number[] = [];
  const base: number[] = [];
  // Untimed: the first keystroke fills caches (the inventory's search texts) that every later one reuses.
  await page.evaluate(`window.__bench.keystroke(${JSON.stringify(selector)}, ${JSON.stringify(word.slice(0, 1))})`);
  for (const value of keystrokeValues(word, count)) {
    app.push((await page.evaluate(`window.__bench.keystroke(${JSON.stringify(selector)}, ${JSON.stringify(value)})`)) as number);
    base.push((await page.evaluate(`window.__bench.keystroke(${JSON.stringify(bare)}, ${JSON.stringify(value)})`)) as number);
  }
  await page.evaluate(`window.__bench.keystroke(${JSON.stringify(selector)}, '')`);
  await page.evaluate(`document.getElementById('bench-bare-input').remove()`);
  return { median: median(app) / median(base), p95: percentile(app, 0.95) / percentile(base, 0.95), app, base };
}

function keystrokeFigures(name: string, goal: number, typed: Awaited<ReturnType<typeof typeBoth>>, what: string): Figure[] {
  const measures = (values: number[]) => `median ${millis(median(values))}, p95 ${millis(percentile(values, 0.95))}`;
  const detail = `${what}: ${measures(typed.app)}; bare input ${measures(typed.base)} (${typed.app.length} keystrokes)`;
  return [
    { name: `${name} (median)`, value: typed.median, unit: '×', goal, detail },
    { name: `${name} (p95)`, value: typed.p95, unit: '×', goal, detail: 'keystroke to the end of the next painted frame' },
  ];
}

async function modelFilter(page: Page, plan: Plan): Promise<Figure[]> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Setup' }).click();
  await page.getByLabel('Tenant', { exact: true }).selectOption({ label: 'Models (staging)' });
  await page.getByLabel('Provider', { exact: true }).selectOption({ label: 'OpenAI' });
  await page.getByLabel('Name', { exact: true }).fill('Bench catalog');
  await page.getByLabel('API Key', { exact: true }).fill('sk-proj-bench');
  await page.getByRole('button', { name: 'Validate & Continue' }).click();
  await page.getByText(/lists 100\d\d models/).waitFor({ timeout: 60_000 });
  const typed = await typeBoth(page, 'input[aria-label="Filter models"]', 'synth0123', plan.keystrokes);
  return keystrokeFigures('model filter', 1.2, typed, '10,000 models');
}

async function inventory(page: Page, plan: Plan): Promise<Figure[]> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Inventory' }).click();
  await page.locator('.filters-count', { hasText: `${plan.rows} rows` }).waitFor({ timeout: 170_000 });
  const typed = await typeBoth(page, 'input[aria-label="Search the inventory"]', 'gpt-4o mini', plan.keystrokes);
  await page.locator('.filters-count', { hasText: `${plan.rows} rows` }).waitFor();
  const idle = (await page.evaluate('window.__bench.idleFrames(120)')) as number[];
  const viewport = (await page.evaluate(`document.querySelector('.inv-body').clientHeight`)) as number;
  const through = `window.__bench.scrollThrough('.inv-body', ${viewport * plan.scrollStep})`;
  const scroll = (await page.evaluate(through)) as { deltas: number[]; height: number };
  const idleFrame = median(idle);
  return [
    ...keystrokeFigures('inventory filter', 1.5, typed, `${plan.rows.toLocaleString('en')} rows`),
    {
      name: 'inventory scroll (p95 frame ÷ idle frame)',
      value: percentile(scroll.deltas, 0.95) / idleFrame,
      unit: '×',
      goal: 1.2,
      detail:
        `${scroll.deltas.length} frames over ${(scroll.height / 1000).toFixed(0)}k px: ` +
        `median ${millis(median(scroll.deltas))}, p95 ${millis(percentile(scroll.deltas, 0.95))}; idle ${millis(idleFrame)}`,
    },
  ];
}

/** Loads each page in turn `count` times: the app's start to its first screen interactive. */
async function firstPaint(full: Page, empty: Page, plan: Plan): Promise<Figure> {
  const count = plan.firstPaints;
  const load = async (page: Page) => {
    await page.goto(`${new URL(page.url()).origin}/`);
    return (await page.evaluate('window.__bench.firstScreen()')) as { interactive: number; rows: number };
  };
  const withData: number[] = [];
  const without: number[] = [];
  for (let i = 0; i < count + 1; i++) {
    const a = await load(full);
    const b = await load(empty);
    if (a.rows !== 25 || b.rows !== 0) throw new Error(`first paint: the Tenants screens listed ${a.rows} and ${b.rows}, not 25 and 0`);
    // The first load of each is untimed: the browser's cache of the app's files is then as warm for both.
    if (i === 0) continue;
    withData.push(a.interactive);
    without.push(b.interactive);
  }
  return {
    name: 'first paint',
    value: median(withData) / median(without),
    unit: '×',
    goal: 2,
    detail:
      `25 profiles, ${plan.rows.toLocaleString('en')} rows cached: median ${millis(median(withData))}; ` +
      `empty ${millis(median(without))} (${count} loads each)`,
  };
}

/** Says how long each part took, so a slow run shows where its time went. */
function stopwatch() {
  let at = performance.now();
  return (what: string) => {
    const now = performance.now();
    console.log(`    ${what}: ${((now - at) / 1000).toFixed(1)} s`);
    at = now;
  };
}

export async function browserScenarios(size: BenchSize): Promise<Figure[]> {
  const plan = planFor(size);
  const lap = stopwatch();
  const fakes = await Promise.all([
    ...Array.from({ length: 25 }, () => startFakeTenant({ seedCredentials: 40, seedConfigs: plan.rows / 25, seedPreference: true })),
    startFakeTenant({ catalogSize: 10_000 }),
  ]);
  const harnesses: HarnessProcess[] = [];
  let browser: Browser | undefined;
  try {
    harnesses.push(...(await Promise.all([startHarnessProcess(), startHarnessProcess()])));
    browser = await launch();
    lap('fake tenants, two harnesses and Chromium started');
    const page = await openHarness(browser, harnesses[0]!);
    const named = fakes.slice(0, 25).map((tenant, i) => ({ name: `Tenant ${String(i + 1).padStart(2, '0')}`, tenant }));
    await addProfiles(page, [...named, { name: 'Models', tenant: fakes[25]! }]);
    // A step that fails leaves a picture of the page behind: test-results/bench-failure.png.
    const step = <T>(run: Promise<T>) =>
      run.catch(async (error: unknown) => {
        const path = resolve(import.meta.dirname, '../../test-results/bench-failure.png');
        await page.screenshot({ path, fullPage: true }).catch(() => undefined);
        throw error;
      });
    const figures = await step(modelFilter(page, plan));
    lap('model filter');
    // The catalog tenant (and the credential its setup made) goes: the inventory and the first
    // screen then show the 25 tenants with their 25,000 rows.
    await page.evaluate(`(async () => {
      const { profiles } = await window.byomDesk.listTenantProfiles();
      await window.byomDesk.deleteTenantProfile({ id: profiles.find((p) => p.name === 'Models').id });
    })()`);
    await page.goto(`${new URL(page.url()).origin}/`);
    figures.push(...(await step(inventory(page, plan))));
    lap('inventory read, filter and scroll');
    const empty = await openHarness(browser, harnesses[1]!);
    figures.push(await firstPaint(page, empty, plan));
    lap('first paint');
    return figures;
  } finally {
    await browser?.close();
    await Promise.all(harnesses.map((h) => h.stop()));
    await Promise.all(fakes.map((f) => f.stop()));
  }
}
