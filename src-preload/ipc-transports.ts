// The preload's two transports over IPC, written against the few ipcRenderer methods they use so a
// test can drive them with a stand-in (the real preload passes Electron's ipcRenderer).
import { ipcChannel, ipcEventChannel } from '../src-shared/contract-names';
import type { CallResult } from '../src-shared/errors';
import type { BridgeTransport, EventTransport } from './bridge-api';

export interface IpcRendererLike {
  invoke(channel: string, input: unknown): Promise<unknown>;
  on(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
}

export function ipcTransports(ipc: IpcRendererLike): { calls: BridgeTransport; events: EventTransport } {
  return {
    calls: (name, input) => ipc.invoke(ipcChannel(name), input) as Promise<CallResult<unknown>>,
    events: (name, deliver) => {
      // Only the payload crosses: never the IPC event object, which would expose the sender.
      const handler = (_event: unknown, payload: unknown) => deliver(payload);
      ipc.on(ipcEventChannel(name), handler);
      return () => ipc.removeListener(ipcEventChannel(name), handler);
    },
  };
}
