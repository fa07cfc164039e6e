import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { realSpeech } from '../../support/mediaFixtures'

/** Real recordings: the shared JFK fixtures, and two more containers made from them by ffmpeg. */
export interface RedTeamMedia {
  wav: Buffer
  mp3: Buffer
  /** AAC in MP4 (ftyp/moov), 1 s. */
  m4a: Buffer
  /** Opus in Ogg (OggS), 1 s. */
  ogg: Buffer
}

export function loadRedTeamMedia(): RedTeamMedia {
  const dir = mkdtempSync(join(tmpdir(), 'earshot-redteam-media-'))
  try {
    const encode = (name: string, codec: string[]) => {
      const out = join(dir, name)
      const args = ['-hide_banner', '-loglevel', 'error', '-y', '-t', '1', '-i', realSpeech.jfkWav]
      const result = spawnSync('ffmpeg', [...args, ...codec, out], { encoding: 'utf8' })
      if (result.status !== 0) throw new Error(`ffmpeg failed: ${result.stderr}`)
      return readFileSync(out)
    }
    return {
      wav: readFileSync(realSpeech.jfkWav),
      mp3: readFileSync(realSpeech.jfkMp3),
      m4a: encode('clip.m4a', ['-c:a', 'aac', '-b:a', '32k']),
      ogg: encode('clip.ogg', ['-c:a', 'libopus', '-b:a', '16k']),
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
