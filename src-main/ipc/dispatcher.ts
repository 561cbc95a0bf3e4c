import { contract } from '../../src-shared/contract';
import { isChannelName } from '../../src-shared/contract-names';
import { AppError, type AppErrorShape, type CallResult } from '../../src-shared/errors';
import { parseInput, validationError } from '../../src-shared/validation';
import type { Logger } from '../log/logger';
import type { Handlers } from './handlers';
import { isTrustedSenderUrl, type TrustedOrigin } from './trusted-sender';

export interface Dispatcher {
  /**
   * Runs one call from a page: checks the sender, the channel and the input, then the handler.
   * Never throws; every failure comes back as a serializable error.
   */
  dispatch(channel: string, rawInput: unknown, senderUrl: string | undefined | null): Promise<CallResult<unknown>>;
}

export function createDispatcher(handlers: Handlers, trusted: readonly TrustedOrigin[], log: Logger): Dispatcher {
  return {
    async dispatch(channel, rawInput, senderUrl) {
      if (!isTrustedSenderUrl(senderUrl, trusted)) {
        log.warn('ipc.refused', { reason: 'untrusted sender', channel, sender: originForLog(senderUrl) });
        return failure(new AppError('untrusted_sender', 'This page is not allowed to talk to BYOM Desk.'));
      }
      if (!isChannelName(channel)) {
        // The name is the caller's: shortened, so a huge one is neither echoed back nor logged whole.
        const name = channel.length > 80 ? `${channel.slice(0, 80)}…` : channel;
        log.warn('ipc.refused', { reason: 'unknown channel', channel: name });
        return failure(new AppError('unknown_channel', `BYOM Desk has no operation named "${name}".`));
      }
      const parsed = parseInput(contract[channel].input, rawInput);
      if (!parsed.success) {
        log.info('ipc.failed', { channel, code: 'validation' });
        return failure(parsed.error ? validationError(parsed.error) : unreadableInput());
      }
      try {
        const handler = handlers[channel] as (input: unknown) => unknown;
        return { ok: true, value: await handler(parsed.data) };
      } catch (error) {
        const shape = toErrorShape(error, channel, log);
        // By code and channel only: details and messages may carry what the tenant said.
        log.info('ipc.failed', { channel, code: shape.code });
        return failure(shape);
      }
    },
  };
}

function unreadableInput(): AppError {
  return new AppError('validation', 'BYOM Desk could not read that request: it is not made of plain values.');
}

function failure(error: AppError | AppErrorShape): CallResult<never> {
  return { ok: false, error: error instanceof AppError ? error.toShape() : error };
}

/** An AppError keeps its message; anything else is a bug and gets a generic message (its own may hold a secret). */
function toErrorShape(error: unknown, channel: string, log: Logger): AppErrorShape {
  if (error instanceof AppError) return error.toShape();
  log.error('ipc.handler_failed', { channel, error: error instanceof Error ? error.name : typeof error });
  return {
    code: 'internal',
    message: 'BYOM Desk hit an unexpected problem and did not finish this action. Try again; if it keeps happening, restart the app.',
  };
}

function originForLog(url: string | undefined | null): string {
  if (!url) return '(none)';
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return '(unparseable)';
  }
}
