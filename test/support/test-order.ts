// Shuffled test order, to prove no test depends on the one before it (issue 16).
// `BYOM_TEST_ORDER_SEED=<n> npm test` shuffles Vitest's files and tests (sequence.shuffle) and
// Playwright's spec files with the same seed, and prints the seed so a failing order can be rerun.

/** The seed from the environment, or undefined when tests run in their written order. */
export function testOrderSeed(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = env.BYOM_TEST_ORDER_SEED;
  if (raw === undefined || raw === '') return undefined;
  // A number, not "random": Vitest and Playwright read it separately and must agree on it.
  const seed = Number(raw);
  if (!Number.isSafeInteger(seed)) throw new Error(`BYOM_TEST_ORDER_SEED must be an integer (try $RANDOM), not "${raw}"`);
  return seed;
}

/** mulberry32: small, seeded, and the same on every machine. */
function randomFrom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A Fisher–Yates shuffle of a copy of `items`, the same for the same seed. */
export function shuffledWithSeed<T>(items: readonly T[], seed: number): T[] {
  const random = randomFrom(seed);
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const swapped = copy[j] as T;
    copy[j] = copy[i] as T;
    copy[i] = swapped;
  }
  return copy;
}
