// The sandboxed preload: exposes the contract's methods and events, and only those, as
// `window.byomDesk`. It carries the contract's names, not its schemas: main validates everything.
import { contextBridge, ipcRenderer } from 'electron';
import { buildBridgeApi } from './bridge-api';
import { ipcTransports } from './ipc-transports';

const { calls, events } = ipcTransports(ipcRenderer);
contextBridge.exposeInMainWorld('byomDesk', buildBridgeApi(calls, events));
