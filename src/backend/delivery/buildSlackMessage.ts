import type { SlackBlock, SlackMessage, UploadReceivedData } from '../../shared/delivery'

/** Slack allows 50 blocks; a header, the summary and a context line leave this many for quotes. */
const maxSignalBlocks = 45

/**
 * A Block Kit summary of one call's signals with their quotes (issue 12), for an incoming
 * webhook: a header, the summary, one section per signal, a context line. Only text the upload held.
 */
export function buildSlackMessage(data: UploadReceivedData): SlackMessage {
  const title = data.title ?? 'a call'
  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: cut(`${data.member}: ${title}`, 150) } },
  ]
  if (data.summary !== null && data.summary.trim() !== '') {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: cut(escape(data.summary), 3000) },
    })
  }
  for (const signal of data.signals.slice(0, maxSignalBlocks)) {
    const who = signal.speaker === undefined ? '' : ` (${escape(signal.speaker)})`
    const text = `*${escape(signal.tracker)}* · _${escape(signal.phrase)}_ at ${clock(signal.startMs)}${who}\n> ${escape(signal.quote).replaceAll('\n', '\n> ')}`
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: cut(text, 3000) } })
  }
  const more = data.signals.length - maxSignalBlocks
  const signals = `${data.signals.length} signal${data.signals.length === 1 ? '' : 's'}`
  blocks.push({
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text: `${signals}${more > 0 ? ` (${more} not shown)` : ''} · ${clock(data.durationMs)} · recording ${data.recordingId}`,
      },
    ],
  })
  return { text: cut(`${data.member}: ${title}, ${signals}`, 3000), blocks }
}

/** Slack's "Formatting text": &, < and > are control characters in mrkdwn and must be escaped. */
function escape(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}

function clock(ms: number): string {
  const seconds = Math.floor(ms / 1000)
  const h = Math.floor(seconds / 3600)
  const m = Math.floor((seconds % 3600) / 60)
  const s = String(seconds % 60).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`
}
