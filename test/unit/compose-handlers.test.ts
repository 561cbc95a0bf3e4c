// services.ts only joins the domains' handler slices: `composeHandlers` must refuse, at compile time,
// a channel with no handler, a handler for no channel and a channel handled twice (each
// `@ts-expect-error` below fails `npm run typecheck` if the compiler lets the mistake through), and
// refuse the same at run time for a caller that got past the compiler.
import { describe, expect, it } from 'vitest';
import { composeHandlers, type Handlers } from '../../src-main/ipc/handlers';
import { channelNames } from '../../src-shared/contract-names';

/** A handler for every channel, answering its own name. */
const every = Object.fromEntries(channelNames.map((name) => [name, () => name])) as unknown as Handlers;
const { getAppInfo, ...allButOne } = every;

describe('composeHandlers', () => {
  it('joins slices that handle every channel exactly once', () => {
    const handlers = composeHandlers([allButOne, { getAppInfo }]);
    expect(Object.keys(handlers).sort()).toEqual([...channelNames].sort());
  });

  it('refuses a channel with no handler', () => {
    // @ts-expect-error getAppInfo has no handler
    expect(() => composeHandlers([allButOne])).toThrow('No handler for getAppInfo.');
  });

  it('refuses a channel handled twice', () => {
    // @ts-expect-error getAppInfo is handled by two slices
    expect(() => composeHandlers([every, { getAppInfo }])).toThrow('Two handlers for the channel getAppInfo.');
  });

  it('refuses a handler for no channel', () => {
    // A domain's slice with one handler too many (a channel removed from the contract, say).
    const slice = { getAppInfo, listEverything: () => [] };
    // @ts-expect-error listEverything is no channel of the contract
    expect(() => composeHandlers([allButOne, slice])).toThrow('A handler for listEverything, which is no channel.');
  });
});
