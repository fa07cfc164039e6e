/**
 * The contract's channel names without its schemas, so the sandboxed preload can name them without
 * bundling zod (a sandboxed preload may `require` only electron's own modules). `api.ts` checks at
 * compile time that this list and its schema map agree.
 */
export const channelNames = [
  'app.info',
  'recordings.list',
  'recordings.get',
  'recordings.segments',
  'recordings.search',
  'recordings.derived',
  'segments.edit',
  'segments.setSpeaker',
  'speakers.rename',
  'speakers.merge',
  'insights.get',
  'voiceProfile.get',
  'voiceProfile.set',
  'voiceProfile.forget',
  'redactions.list',
  'redactions.revert',
  'redactions.restore',
  'recordings.import',
  'recordings.cancel',
  'recordings.retry',
  'recordings.setCallDate',
  'recordings.delete',
  'recordings.setContact',
  'settings.get',
  'settings.set',
  'transcript.export',
  'uploads.list',
  'uploads.preview',
  'uploads.send',
  'audit.list',
  'audit.entry',
  'audit.verify',
  'audit.export',
  'backend.status',
  'backend.setToken',
  'backend.check',
  'models.catalog',
  'models.download',
  'models.cancelDownload',
  'firstRun.state',
  'firstRun.finish',
  'data.deleteAll',
] as const

export type ChannelName = (typeof channelNames)[number]

/** Electron-only channels beside the contract: the preload's file hand-over and pushed events. */
export const ipcTransport = {
  stageFile: 'earshot:stage-file',
  jobEvent: 'earshot:job-event',
} as const
