// @vitest-environment jsdom
// "Select all shown" acts on the filter as typed. The list below it may lag a keystroke behind (it
// follows in a task after the keystroke has painted, to stay smooth with 10,000 models), but a
// keyboard user who types a filter and presses the button before the list catches up must select
// only what matches.
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ModelPicker } from '../../src-renderer/features/setup/ModelPicker';
import { useSetupStore } from '../../src-renderer/features/setup/setup-store';
import type { ModelEntry } from '../../src-shared/setup';

const models: ModelEntry[] = [
  { id: 'gpt-4o', embedding: false },
  { id: 'gpt-4o-mini', embedding: false },
  { id: 'o3-mini', embedding: false },
  { id: 'text-embedding-3-large', embedding: true },
];

declare global {
  var IS_REACT_ACT_ENVIRONMENT: boolean | undefined;
}

// Outside act(), the page renders as in the browser: a typed key in a microtask after its event,
// the list after it, in a later task. Nothing here yields to that task before the button is
// pressed, so the press lands in the window between the two renders every time. (testing-library's
// fireEvent runs inside act(), which renders both at once: these events are the browser's own.)
let actEnvironment: boolean | undefined;
beforeEach(() => {
  actEnvironment = globalThis.IS_REACT_ACT_ENVIRONMENT;
  globalThis.IS_REACT_ACT_ENVIRONMENT = false;
});
afterEach(() => {
  cleanup();
  useSetupStore.getState().reset();
  globalThis.IS_REACT_ACT_ENVIRONMENT = actEnvironment;
});

/** Types `value` into the input as a browser's input event does. */
function type(input: HTMLInputElement, value: string) {
  Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, value);
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

describe('the model picker', () => {
  it('"Select all shown" pressed before the list catches up with the filter selects only what matches the typed filter', async () => {
    render(<ModelPicker models={models} />);
    await screen.findByRole('button', { name: 'Select all shown (4)' });

    type(screen.getByRole('searchbox', { name: 'Filter models' }), 'mini');
    // The typed key is rendered once the event's microtasks have run; the list still lags.
    await Promise.resolve();
    expect(screen.getByRole('searchbox', { name: 'Filter models' })).toHaveProperty('value', 'mini');
    expect(screen.getByRole('group', { name: /^Models, 4 shown$/ })).toBeTruthy();

    const button = screen.getByRole('button', { name: /^Select all shown/ });
    expect(button.textContent).toBe('Select all shown (2)');
    button.click();
    expect(Object.keys(useSetupStore.getState().selected).sort()).toEqual(['gpt-4o-mini', 'o3-mini']);

    // And once the list catches up, it shows the same two.
    await screen.findByRole('group', { name: 'Models, 2 shown' });
  });
});
