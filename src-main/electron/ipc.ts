import { channelNames, ipcChannel, ipcEventChannel, type EventName } from '../../src-shared/contract-names';
import type { CallResult } from '../../src-shared/errors';
import type { Dispatcher } from '../ipc/dispatcher';
import { isTrustedSenderUrl, type TrustedOrigin } from '../ipc/trusted-sender';

export interface IpcSenderFrame {
  url: string;
  parent: unknown;
}

export interface IpcInvokeEvent {
  sender: { id: number };
  senderFrame: IpcSenderFrame | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEvent, input: unknown) => Promise<CallResult<unknown>>): void;
}

/**
 * One ipcMain handler per contract channel, each through the dispatcher. Only the top frame of a
 * window we created counts as a sender; a sub-frame or another web contents gets no URL, and the
 * dispatcher refuses a call without a trusted URL.
 */
export function registerIpcHandlers(ipcMain: IpcMainLike, dispatcher: Dispatcher, isOwnWebContents: (id: number) => boolean): void {
  for (const name of channelNames) {
    ipcMain.handle(ipcChannel(name), (event, input) => {
      const frame = event.senderFrame;
      const trustedFrame = isOwnWebContents(event.sender.id) && frame !== null && frame.parent === null;
      return dispatcher.dispatch(name, input, trustedFrame ? frame.url : null);
    });
  }
}

export interface EventTarget {
  isDestroyed(): boolean;
  getURL(): string;
  send(channel: string, payload: unknown): void;
}

/**
 * Events go to our own windows only (the same set of web contents whose calls main accepts), and
 * only while each shows the app itself, at a trusted origin: the same test calls must pass.
 */
export function sendEventToWindows(
  own: ReadonlySet<number>,
  lookup: (id: number) => EventTarget | undefined,
  trusted: readonly TrustedOrigin[],
) {
  return (name: EventName, payload: unknown): void => {
    for (const id of own) {
      const contents = lookup(id);
      if (contents && !contents.isDestroyed() && isTrustedSenderUrl(contents.getURL(), trusted))
        contents.send(ipcEventChannel(name), payload);
    }
  };
}
