import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { strFromU8, unzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { runCli } from '../../../src/cli/run'
import { RecordingStore } from '../../../src/core/store/RecordingStore'
import { runCliCaptured } from '../../support/runCliCaptured'
import { useTempDir } from '../../support/tempDir'
import { seedRecording } from '../sync/support/seedRecording'
import { openDataFolderDatabase } from '../../support/openDataFolderDatabase'

const tempDir = useTempDir()

/** A data folder with one finished recording whose transcript has markup and non-Latin text. */
function seededDataDir(): { dataDir: string; id: string } {
  const dataDir = tempDir()
  const db = openDataFolderDatabase(dataDir)
  try {
    const id = seedRecording(new RecordingStore(db), {
      title: 'Call *one*',
      texts: ['Price is *low* <now>.', 'Grüße, 東京 😀'],
    })
    return { dataDir, id }
  } finally {
    db.close()
  }
}

/** Keeps stdout as bytes, and says it is a terminal when asked to. */
class ByteSink extends Writable {
  chunks: Buffer[] = []
  constructor(readonly isTTY: boolean) {
    super()
  }
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.chunks.push(chunk)
    done()
  }
  bytes(): Buffer {
    return Buffer.concat(this.chunks)
  }
}

async function runWithSinks(argv: string[], tty: boolean) {
  const stdout = new ByteSink(tty)
  const stderr = new ByteSink(false)
  const code = await runCli(argv, { stdout, stderr, env: { ...process.env } })
  return { code, stdout: stdout.bytes(), stderr: stderr.bytes().toString('utf8') }
}

function wordText(docx: Uint8Array): string {
  return strFromU8(unzipSync(docx)['word/document.xml'] ?? new Uint8Array())
}

describe('earshot show', () => {
  it('prints Markdown with escaped transcript text', async () => {
    const { dataDir, id } = seededDataDir()
    const result = await runCliCaptured(['show', id, '--format', 'md', '--data-dir', dataDir])
    expect(result.code).toBe(0)
    expect(result.stdout.startsWith('# Call \\*one\\*\n')).toBe(true)
    expect(result.stdout).toContain('[00:00:00] Price is \\*low\\* \\<now\\>.')
    expect(result.stdout).toContain('[00:00:02] Grüße, 東京 😀')
  })

  it('writes a Word file with --out, and reports it as JSON under --json', async () => {
    const { dataDir, id } = seededDataDir()
    const out = join(dataDir, 'call.docx')
    const result = await runCliCaptured([
      'show',
      id,
      '--format',
      'docx',
      '--out',
      out,
      '--data-dir',
      dataDir,
    ])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(`docx written to ${out}`)
    expect(wordText(readFileSync(out))).toContain('Grüße, 東京 😀')
    const json = await runCliCaptured([
      'show',
      id,
      '--out',
      join(dataDir, 't.json'),
      '--json',
      '--data-dir',
      dataDir,
    ])
    expect(JSON.parse(json.stdout)).toMatchObject({ format: 'json', out: join(dataDir, 't.json') })
  })

  it('sends docx bytes to a pipe but refuses to put them on a terminal', async () => {
    const { dataDir, id } = seededDataDir()
    const piped = await runWithSinks(['show', id, '--format', 'docx', '--data-dir', dataDir], false)
    expect(piped.code).toBe(0)
    expect(wordText(piped.stdout)).toContain('Price is *low* &lt;now&gt;.')
    const tty = await runWithSinks(['show', id, '--format', 'docx', '--data-dir', dataDir], true)
    expect(tty.code).toBe(2)
    expect(tty.stdout.byteLength).toBe(0)
    expect(tty.stderr).toContain('--out FILE')
  })

  it('keeps the text formats as they were and names every format on a bad one', async () => {
    const { dataDir, id } = seededDataDir()
    const txt = await runCliCaptured(['show', id, '--data-dir', dataDir])
    expect(txt.stdout).toBe('[00:00:00] Price is *low* <now>.\n[00:00:02] Grüße, 東京 😀\n')
    const bad = await runCliCaptured(['show', id, '--format', 'pdf', '--data-dir', dataDir])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('txt, srt, vtt, json, md, docx')
  })
})
