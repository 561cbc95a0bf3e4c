// The save controls every tenant setting shares: a save's progress and outcome beside the control
// that made it, and a button that keeps focus while it saves.
import { useState } from 'react';
import type { AppErrorShape } from '../../../src-shared/errors';
import type { InventoryConfig } from '../../../src-shared/inventory';
import { showFailure } from '../../app/failures';

export type SaveState =
  { status: 'idle' } | { status: 'saving' } | { status: 'saved'; message: string } | { status: 'failed'; error: AppErrorShape };

/**
 * One control's save: its progress, then its outcome, until the next save. The store's action
 * throws; the one error policy (app/failures.ts) puts the failure beside this control, or in the
 * banner when it is the app's. Answers the failure shown here, or null when it saved.
 */
export function useSave() {
  const [state, setState] = useState<SaveState>({ status: 'idle' });
  const run = async (call: () => Promise<void>, savedMessage: string): Promise<AppErrorShape | null> => {
    setState({ status: 'saving' });
    try {
      await call();
      setState({ status: 'saved', message: savedMessage });
      return null;
    } catch (error) {
      let inline: AppErrorShape | null = null;
      const shape = showFailure(error, (e) => (inline = e));
      setState(inline ? { status: 'failed', error: inline } : { status: 'idle' });
      return shape;
    }
  };
  return [state, run] as const;
}

/** The outcome of a save: a polite status when it worked, an inline error when it did not. */
export function SaveResult({ state }: { state: SaveState }) {
  return (
    <>
      <span className="save-status" role="status">
        {state.status === 'saved' ? state.message : ''}
      </span>
      {state.status === 'failed' && (
        <p className="inline-error" role="alert">
          {state.error.message}
        </p>
      )}
    </>
  );
}

/**
 * A save button that stays focusable while saving (aria-disabled, not disabled), so a keyboard
 * user's focus is not dropped to the page when it is pressed or when a dialog hands focus back.
 */
export function SaveButton({
  label,
  saving,
  blocked,
  onSave,
  type = 'button',
}: {
  label: string;
  saving: boolean;
  blocked?: boolean;
  onSave?(): void;
  type?: 'button' | 'submit';
}) {
  const inert = saving || Boolean(blocked);
  return (
    <button
      type={type}
      className="button primary"
      aria-disabled={inert || undefined}
      onClick={(e) => {
        if (inert) e.preventDefault();
        else onSave?.();
      }}
    >
      {saving ? 'Saving…' : label}
    </button>
  );
}

export const configLabel = (c: InventoryConfig) => `${c.name} · ${c.modelName ?? c.provider}${c.builtIn ? ' (built-in)' : ''}`;
