// What every scenario of `npm run bench` reports: figures, each a ratio to a baseline measured in
// the same run (or a size), with its goal; the two sizes the bench runs at; and small statistics.

export type SizeName = 'smoke' | 'full';

export interface BenchSize {
  name: SizeName;
  /**
   * How far past its goal a figure may land before it counts as missed: 0 at full size; at smoke
   * size, fewer samples and shorter waits make every ratio noisier (see the README's Benchmarks).
   */
  tolerance: number;
}

export const sizes: Record<SizeName, BenchSize> = {
  full: { name: 'full', tolerance: 0 },
  smoke: { name: 'smoke', tolerance: 0.25 },
};

export interface Figure {
  /** As the table names it: `cross-tenant inventory`, `renderer size (first screen)`. */
  name: string;
  value: number;
  /** `×` for ratios; sizes in KB or MB. */
  unit: '×' | 'KB' | 'MB';
  /** The most it may be (null: reported only). */
  goal: number | null;
  /** The measures behind the figure, for a person: times, counts, the baseline. */
  detail: string;
  /** Set by the runner: within the goal (with the size's tolerance), or reported only. */
  ok?: boolean;
}

export interface ScenarioResult {
  scenario: string;
  figures: Figure[];
  /** Extra lines a scenario prints under the table (per-dependency costs and the like). */
  notes?: string[];
}

export type Scenario = (size: BenchSize) => Promise<ScenarioResult>;

/** Within its goal. Only timed figures (ratios) get the size's tolerance: a size in KB or MB is not noisy. */
export function judge(figure: Figure, size: BenchSize): Figure {
  const tolerance = figure.unit === '×' ? size.tolerance : 0;
  return { ...figure, ok: figure.goal === null || figure.value <= figure.goal * (1 + tolerance) };
}

export const median = (values: readonly number[]): number => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** The p-th quantile (0..1), nearest rank. */
export const percentile = (values: readonly number[], p: number): number => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * p) - 1))]!;
};

export const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
export const millis = (ms: number) => `${ms.toFixed(1)} ms`;

/** A figure's value as the table shows it. */
export function shown(f: Pick<Figure, 'value' | 'unit'>): string {
  if (f.unit === '×') return `${f.value.toFixed(2)}×`;
  return `${f.value.toFixed(1)} ${f.unit}`;
}

/** The goal as the table shows it, with what the size's tolerance lets pass. */
export function goalText(f: Pick<Figure, 'goal' | 'unit'>, size: BenchSize): string {
  if (f.goal === null) return 'report';
  const goal = shown({ value: f.goal, unit: f.unit });
  return size.tolerance > 0 && f.unit === '×' ? `≤ ${goal} (+${Math.round(size.tolerance * 100)}%)` : `≤ ${goal}`;
}

export function printTable(results: readonly ScenarioResult[], size: BenchSize): void {
  const verdict = (f: Figure) => (f.ok === false ? 'MISSED' : 'ok');
  const rows = results.flatMap((r) => r.figures.map((f) => [verdict(f), f.name, shown(f), goalText(f, size), f.detail]));
  const header = ['', 'figure', 'measured', 'goal', 'from'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (i === 4 ? 0 : r[i]!.length))));
  const line = (cells: string[]) => cells.map((c, i) => (i === 4 ? c : c.padEnd(widths[i]!))).join('  ');
  console.log(`\nBenchmarks, ${size.name} size\n`);
  console.log(line(header));
  for (const r of rows) console.log(line(r));
  for (const r of results) for (const note of r.notes ?? []) console.log(note);
}
