// One handler per contract channel. Each domain exports its slice (a function returning some of
// them, checked with `satisfies HandlerSlice`); `composeHandlers` joins the slices and the compiler
// refuses a channel with no handler, a handler for no channel, and a channel handled twice.
import { channelNames } from '../../src-shared/contract-names';
import type { ChannelName, OutputOf, ParsedInputOf } from '../../src-shared/contract';

/** One handler per contract channel; the compiler refuses a missing or extra one. */
export type Handlers = {
  [K in ChannelName]: (input: ParsedInputOf<K>) => Promise<OutputOf<K>> | OutputOf<K>;
};

/** A domain's handlers: some channels, each with the contract's input and output. */
export type HandlerSlice = Partial<Handlers>;

type KeysOf<S extends readonly object[]> = { [I in keyof S]: keyof S[I] }[number];
type HandledTwice<S extends readonly object[]> = S extends readonly [infer Head, ...infer Rest extends readonly object[]]
  ? (keyof Head & KeysOf<Rest>) | HandledTwice<Rest>
  : never;

/**
 * Nothing more when the slices handle every channel exactly once; else a property no array has,
 * named after what is wrong, so the compiler's error names the channels.
 */
type ExactlyOnce<S extends readonly object[]> = [Exclude<ChannelName, KeysOf<S>>] extends [never]
  ? [Exclude<KeysOf<S>, ChannelName>] extends [never]
    ? [HandledTwice<S>] extends [never]
      ? unknown
      : { channelsHandledTwice: HandledTwice<S> }
    : { handlersForNoChannel: Exclude<KeysOf<S>, ChannelName> }
  : { channelsWithNoHandler: Exclude<ChannelName, KeysOf<S>> };

/**
 * The contract's handlers from the domains' slices. A channel with no handler, a handler for no
 * channel or a channel handled twice is a compile error (and, for a caller that got past the
 * compiler, an error at start).
 */
export function composeHandlers<const S extends readonly HandlerSlice[]>(slices: S & ExactlyOnce<S>): Handlers {
  const handlers = new Map<string, unknown>();
  for (const slice of slices) {
    for (const [name, handler] of Object.entries(slice)) {
      if (handlers.has(name)) throw new Error(`Two handlers for the channel ${name}.`);
      if (!(channelNames as readonly string[]).includes(name)) throw new Error(`A handler for ${name}, which is no channel.`);
      handlers.set(name, handler);
    }
  }
  const missing = channelNames.filter((name) => !handlers.has(name));
  if (missing.length > 0) throw new Error(`No handler for ${missing.join(', ')}.`);
  // Every channel, once, each checked against its slice's type above: this is a Handlers.
  return Object.fromEntries(handlers) as Handlers;
}
