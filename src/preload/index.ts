import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron'
import type { EarshotApi, JobEvent } from '../shared/api'
import { channelNames, ipcTransport } from '../shared/channels'

type ContractCalls = Omit<EarshotApi, 'stageFile' | 'mediaUrl' | 'onJobEvent'>

// Electron checklist 2/3: only named channels of the contract cross the bridge, never ipcRenderer itself.
const calls = Object.fromEntries(
  channelNames.map((channel) => [channel, (input: unknown) => ipcRenderer.invoke(channel, input)]),
) as ContractCalls

const bridge: EarshotApi = {
  ...calls,
  // Electron 32+ removed File.path; webUtils resolves it here, in the preload, so the renderer's
  // world only ever holds the opaque id main hands back.
  stageFile: (file) =>
    ipcRenderer.invoke(ipcTransport.stageFile, {
      path: webUtils.getPathForFile(
        file as unknown as Parameters<typeof webUtils.getPathForFile>[0],
      ),
    }) as ReturnType<EarshotApi['stageFile']>,
  mediaUrl: (recordingId) => `earshot-media://recording/${encodeURIComponent(recordingId)}`,
  onJobEvent: (listener) => {
    const forward = (_event: IpcRendererEvent, payload: JobEvent) => {
      listener(payload)
    }
    ipcRenderer.on(ipcTransport.jobEvent, forward)
    return () => {
      ipcRenderer.off(ipcTransport.jobEvent, forward)
    }
  },
}

contextBridge.exposeInMainWorld('earshot', bridge)
