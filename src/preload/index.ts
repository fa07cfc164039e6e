import { contextBridge, ipcRenderer } from 'electron'
import { api, type Channel, type EarshotApi } from '../shared/api'

// Electron checklist 2/3: only named channels of the contract cross the bridge, never ipcRenderer itself.
const bridge = Object.fromEntries(
  (Object.keys(api) as Channel[]).map((channel) => [
    channel,
    (input: unknown) => ipcRenderer.invoke(channel, input),
  ]),
) as EarshotApi

contextBridge.exposeInMainWorld('earshot', bridge)
