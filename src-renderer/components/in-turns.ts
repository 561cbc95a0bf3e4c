// At most `n` tasks running at once, the rest started in order as earlier ones end: what the page
// needs of p-limit (whose queue and options cost the page more bytes than this whole file).
export function inTurns(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    // A task that waits is handed the slot of the one that ended: the count never goes past n.
    if (running >= n) await new Promise<void>((resolve) => waiting.push(resolve));
    else running += 1;
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running -= 1;
    }
  };
}
