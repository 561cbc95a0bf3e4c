// When a render's effects run. React runs them before it handles the next input event (at once
// after a render caused by one); Preact, which runs the renderer in React's place, waits for the
// next frame by default. An effect that resets a form when its subject changes would then run after
// a fast user (or a test) has already typed into it, and wipe what was typed. Effects here run as
// soon as the render is done, in the same task: before any input that follows it.
import { options } from 'preact';

options.requestAnimationFrame = (flushEffects) => queueMicrotask(flushEffects);
