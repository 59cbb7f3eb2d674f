/**
 * The only thing the renderer gets from Electron: `window.api.send(name, args, token)`, which asks
 * the main process to run one handler of the table and resolves with its `{ ok, … }` result.
 */
import { contextBridge, ipcRenderer } from 'electron';

contextBridge.exposeInMainWorld('api', {
  send: (name: string, args: unknown, token: string | null) => ipcRenderer.invoke('api', name, args, token),
});
