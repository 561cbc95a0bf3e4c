// The one error policy of the page. Store actions throw (an AppErrorShape from main, or anything
// else); the component that started the action hands the failure to `showFailure`, with the place
// next to its control when it has one. What the user can act on there (a refused field, the
// tenant's answer about this one thing) is shown inline; what is not about that control (the app
// or the bridge failing, a keychain that cannot be used, a bug) goes to the banner above the screen.
import type { AppErrorShape, ErrorCode } from '../../src-shared/errors';
import { asAppError } from '../bridge';
import { useAppStore } from './app-store';

/** Failures of the app itself, never of the thing a control changed: always the banner. */
const appWide: ReadonlySet<ErrorCode> = new Set([
  'internal',
  'untrusted_sender',
  'unknown_channel',
  'keychain_unavailable',
  'keychain_locked',
  'storage',
]);

/** Where a failure is shown: `inline` when the caller has a place for it and it is about that control. */
export function failurePlace(error: AppErrorShape, hasInline: boolean): 'inline' | 'banner' {
  return hasInline && !appWide.has(error.code) ? 'inline' : 'banner';
}

/** Work started and not awaited (a screen's first load): its failure is shown where it belongs. */
export function showFailureOf(work: Promise<unknown>, inline?: (error: AppErrorShape) => void): void {
  work.catch((error: unknown) => showFailure(error, inline));
}

/** Shows a failure where it belongs; answers it as an AppErrorShape. */
export function showFailure(error: unknown, inline?: (error: AppErrorShape) => void): AppErrorShape {
  const shape = asAppError(error);
  if (inline && failurePlace(shape, true) === 'inline') inline(shape);
  else useAppStore.getState().showError(shape);
  return shape;
}
