// The value given, once the browser has painted what changed with it. A costly part of a screen
// (25,000 inventory rows filtered, 10,000 models listed, a matrix of thousands of cells) reads the
// value through this, so the keystroke or the choice that changed it paints in its own frame and the
// costly part follows in a task of its own. A newer value before then replaces the waiting one: fast
// typing draws the costly part once, for what was typed last.
//
// React's `useDeferredValue` gives this as an interruptible background render. The renderer runs on
// Preact's compat layer (a fifth of react-dom's bytes, see the README's benchmarks), whose
// `useDeferredValue` returns its argument at once; this hook behaves the same under either.
import { useEffect, useState } from 'react';

export function useValueAfterPaint<T>(value: T): T {
  const [shown, setShown] = useState(() => value);
  useEffect(() => afterNextPaint(() => setShown(() => value)), [value]);
  return shown;
}

/** Runs `then` in a task after the next frame is painted; the function returned cancels it. */
function afterNextPaint(then: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Without frames (a test's DOM), a task of its own is the same promise.
  if (typeof requestAnimationFrame !== 'function') timer = setTimeout(then, 0);
  // A frame's callbacks run just before it paints; a task they queue, just after.
  const frame = typeof requestAnimationFrame === 'function' ? requestAnimationFrame(() => (timer = setTimeout(then, 0))) : undefined;
  return () => {
    if (frame !== undefined) cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
}
