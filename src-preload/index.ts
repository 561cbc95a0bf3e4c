// The sandboxed preload: exposes the contract's methods, and only those, as `window.byomDesk`.
import { contextBridge, ipcRenderer } from 'electron';
import type { CallResult } from '../src-shared/errors';
import { buildBridgeApi } from './bridge-api';
import { ipcChannel } from './contract';

const api = buildBridgeApi(
  (name, input) => ipcRenderer.invoke(ipcChannel(name), input) as Promise<CallResult<unknown>>,
);

contextBridge.exposeInMainWorld('byomDesk', api);
