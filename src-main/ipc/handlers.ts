import type { ChannelName, OutputOf, ParsedInputOf } from '../../src-shared/contract';

/** One handler per contract channel; the compiler refuses a missing or extra one. */
export type Handlers = {
  [K in ChannelName]: (input: ParsedInputOf<K>) => Promise<OutputOf<K>> | OutputOf<K>;
};
