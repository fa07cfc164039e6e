import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { testOutputDir } from '../../../support/paths'
import { readWavPcm } from '../../transcribe/support/readWavPcm'
import { runTool } from '../../../support/runTool'

/**
 * Scripted conversations spoken by espeak-ng voices and mixed by ffmpeg, with the reference of who
 * speaks when, for the diarizer's tests and benchmark. Cached in test-output/speakers by a hash of
 * the script, so a changed script makes new files and concurrent runs never see half a file.
 */
export const speakersDir = join(testOutputDir, 'speakers')

/**
 * espeak-ng arguments per voice. People differ by vocal tract (formants), not only by pitch, so the
 * voices are different formant variants: espeak-ng's accents (en-us, en-gb, en-gb-scotland) share
 * one male formant table and differ from each other less than one voice does across its pitch range.
 */
export const voices = {
  lowUs: ['-v', 'en-us', '-p', '30', '-s', '165'],
  highFemale: ['-v', 'en+f3', '-p', '70', '-s', '175'],
  otherMale: ['-v', 'en+m7', '-p', '45', '-s', '155'],
  deepMale: ['-v', 'en+m3', '-p', '35', '-s', '160'],
  brightFemale: ['-v', 'en+f2', '-p', '60', '-s', '170'],
  softFemale: ['-v', 'en+f4', '-p', '50', '-s', '160'],
} as const satisfies Record<string, readonly string[]>

export interface ScriptedTurn {
  /** Index into the conversation's voices. */
  voice: number
  text: string
  /** Starts this long after the previous main turn ends (negative: talks over its end). */
  gapMs?: number
  /** A backchannel: starts at this fraction into the previous main turn, over it. */
  over?: number
}

export interface Conversation {
  name: string
  voices: readonly (readonly string[])[]
  /** Which person each voice is, when several voices are one person (default: one each). */
  speakerOfVoice?: number[]
  turns: ScriptedTurn[]
}

export interface ReferenceTurn {
  startMs: number
  endMs: number
  speaker: number
}

export interface GeneratedConversation {
  name: string
  /** 16 kHz mono s16 WAV, all voices mixed. */
  mono: string
  /** The same conversation with voice 0 on the left channel and voice 1 on the right. */
  stereo: string | null
  /**
   * Three or four voices, each its own person: one channel per voice (channel n = voice n), as a
   * meeting recorder keeps them.
   */
  multichannel: string | null
  durationMs: number
  speakers: number
  /** When each voice really makes sound (espeak's leading/trailing silence trimmed). */
  reference: ReferenceTurn[]
}

export const twoVoiceCall: Conversation = {
  name: 'two-voice-call',
  voices: [voices.lowUs, voices.highFemale],
  turns: [
    {
      voice: 0,
      text: 'Thanks for taking the time today. I wanted to walk you through how the new plan works and what changed since last quarter.',
    },
    {
      voice: 1,
      text: 'Sure, that sounds good. We have been looking at a few options, and pricing is the main question for us.',
      gapMs: 400,
    },
    {
      voice: 0,
      text: 'Of course. The standard plan is priced per seat, and larger teams get a discount after fifty seats. Annual billing takes off another ten percent.',
      gapMs: 300,
    },
    { voice: 1, text: 'mm-hm', over: 0.45 },
    {
      voice: 1,
      text: 'Okay. And does that include the integration with our calendar and with the phone system?',
      gapMs: 350,
    },
    {
      voice: 0,
      text: 'Yes, both integrations are included. Setup usually takes about a week with our onboarding team, and we stay with you for the first month.',
      gapMs: -300,
    },
    { voice: 1, text: 'yeah', over: 0.7 },
    {
      voice: 1,
      text: 'That is helpful. What about security reviews? Our compliance team will ask for the usual documents before anything is signed.',
      gapMs: 500,
    },
    {
      voice: 0,
      text: 'We can share the security report and the data processing agreement right after this call.',
      gapMs: 250,
    },
    {
      voice: 1,
      text: 'Great. I think the next step is a trial for my team, maybe starting early next month.',
      gapMs: -400,
    },
    {
      voice: 0,
      text: 'Perfect. I will send the details by email this afternoon, together with a short summary of today.',
      gapMs: 300,
    },
    { voice: 1, text: 'Thank you, talk soon.', gapMs: 300 },
  ],
}

export const threeVoiceMeeting: Conversation = {
  name: 'three-voice-meeting',
  voices: [voices.lowUs, voices.highFemale, voices.otherMale],
  turns: [
    {
      voice: 0,
      text: 'Good morning everyone. Let us start with the roadmap, and then look at the customer feedback from last week.',
    },
    {
      voice: 1,
      text: 'Morning. The biggest request by far was an export to spreadsheets. Three customers asked for it on their calls.',
      gapMs: 400,
    },
    {
      voice: 2,
      text: 'We heard the same thing in support. People also want to search across all their old recordings at once.',
      gapMs: 350,
    },
    { voice: 0, text: 'right', over: 0.6 },
    {
      voice: 0,
      text: 'That makes sense. How long would the export take to build, roughly?',
      gapMs: 300,
    },
    {
      voice: 1,
      text: 'About two weeks, if we reuse the report code that already exists for the dashboard.',
      gapMs: 300,
    },
    {
      voice: 2,
      text: 'And search would need a proper index. I would estimate three weeks for that, including tests.',
      gapMs: -300,
    },
    { voice: 1, text: 'mm-hm', over: 0.5 },
    {
      voice: 0,
      text: 'Then let us do the export first, because it is smaller, and plan search for the next cycle.',
      gapMs: 400,
    },
    {
      voice: 2,
      text: 'Fine by me. I will write up the support tickets so we have the exact wording people used.',
      gapMs: 350,
    },
    {
      voice: 1,
      text: 'I can share the call notes as well. Some of them mention a competitor that already has this.',
      gapMs: 300,
    },
    { voice: 0, text: 'Good. Thanks both of you, that is all for today.', gapMs: 400 },
  ],
}

/**
 * One voice for two minutes, its pitch and speed changed from sentence to sentence as a person's
 * do between calm and excited: still one speaker.
 */
export const singleVoiceMonologue: Conversation = {
  name: 'single-voice-monologue',
  voices: [35, 42, 50, 58, 65].map((pitch, i) => [
    '-v', 'en-us', '-p', String(pitch), '-s', String(150 + 12 * i),
  ]), // prettier-ignore
  speakerOfVoice: [0, 0, 0, 0, 0],
  turns: [
    'Welcome to the quarterly review. I will go through the numbers first and leave time for questions at the end.',
    'Revenue grew by twelve percent compared to the same quarter last year, mostly from new customers in Europe.',
    'Churn went down slightly, which is the result of the onboarding changes we made in the spring.',
    'On the product side, we shipped the new dashboard, the calendar integration, and a faster search.',
    'The feedback on the dashboard has been very positive, although some people miss the old charts.',
    'Now, the challenges. Hiring took longer than planned, and two projects slipped into the next quarter.',
    'We also saw more support tickets about billing, so we will simplify the invoices next month.',
    'For the coming quarter, the priorities are the export feature, better reports, and a new pricing page.',
    'I am confident we can deliver all three, because the team is now complete and the plans are clear.',
    'Let me also thank everyone who helped with the migration. It was a lot of work and it went smoothly.',
    'One more thing about the budget. We will keep spending flat, and move some money from events to hiring.',
    'That is everything from my side. Thank you for listening, and now I am happy to take your questions.',
  ].map((text, i) => ({ voice: i % 5, text, gapMs: 300 + ((i * 370) % 700) })),
}

/** The sales call again with two other voices, both male: no pitch gap to lean on. */
export const twoMaleCall: Conversation = {
  ...twoVoiceCall,
  name: 'two-male-call',
  voices: [voices.deepMale, voices.otherMale],
}

/** The meeting again with two women and a man, in a different order of voices. */
export const threeVoiceStandup: Conversation = {
  ...threeVoiceMeeting,
  name: 'three-voice-standup',
  voices: [voices.brightFemale, voices.deepMale, voices.softFemale],
}

/** The monologue in another voice (female), its pitch and pace changing: still one speaker. */
export const singleFemaleMonologue: Conversation = {
  ...singleVoiceMonologue,
  name: 'single-female-monologue',
  voices: [45, 52, 60, 68, 75].map((pitch, i) => [
    '-v', 'en+f2', '-p', String(pitch), '-s', String(185 - 10 * i),
  ]), // prettier-ignore
}

/** The monologue in a third voice (deep male), over the same pitch range as the first. */
export const singleDeepMonologue: Conversation = {
  ...singleVoiceMonologue,
  name: 'single-deep-monologue',
  voices: [30, 37, 45, 52, 60].map((pitch, i) => [
    '-v', 'en+m3', '-p', String(pitch), '-s', String(150 + 12 * i),
  ]), // prettier-ignore
}

export const conversations = [twoVoiceCall, threeVoiceMeeting] as const

/** Every generated case the benchmark scores: two, three and one speaker(s), two voice sets each. */
export const generatedSet = [
  twoVoiceCall,
  twoMaleCall,
  threeVoiceMeeting,
  threeVoiceStandup,
  singleVoiceMonologue,
  singleFemaleMonologue,
  singleDeepMonologue,
] as const

const SAMPLE_RATE = 16_000
/** Every voice plays at this gain so that overlapping turns do not clip when summed. */
const GAIN = 0.6

export async function generateConversation(
  conversation: Conversation,
): Promise<GeneratedConversation> {
  const key = createHash('sha256').update(JSON.stringify(conversation)).digest('hex').slice(0, 12)
  const dir = join(speakersDir, `${conversation.name}-${key}`)
  mkdirSync(dir, { recursive: true })
  const manifest = join(dir, 'manifest.json')
  if (existsSync(manifest)) {
    const cached = JSON.parse(readFileSync(manifest, 'utf8')) as Partial<GeneratedConversation>
    // A manifest from before the multichannel mix existed is made again (the turns stay cached).
    if (cached.multichannel !== undefined) return cached as GeneratedConversation
  }

  const spoken = await Promise.all(
    conversation.turns.map(async (turn, i) => {
      const wav = join(dir, `turn-${i}.wav`)
      await produce(wav, (tmp) =>
        runTool('espeak-ng', [...(conversation.voices[turn.voice] ?? []), '-w', tmp, turn.text]),
      )
      const { sampleRate, pcm } = await readWavPcm(wav)
      return { wav, ...soundingSpan(pcm, sampleRate), lengthMs: (pcm.length / sampleRate) * 1000 }
    }),
  )

  // Place the turns: main turns one after another (gaps and overlaps between their sounding
  // parts), backchannels inside the main turn before them.
  const placed: { wav: string; delayMs: number; voice: number; startMs: number; endMs: number }[] =
    []
  let previousMain: { startMs: number; endMs: number } | null = null
  let cursorMs = 500
  conversation.turns.forEach((turn, i) => {
    const audio = spoken[i]
    if (!audio) return
    const soundMs = audio.endMs - audio.startMs
    let startMs: number
    if (turn.over !== undefined && previousMain) {
      startMs = previousMain.startMs + turn.over * (previousMain.endMs - previousMain.startMs)
    } else {
      startMs = previousMain ? cursorMs + (turn.gapMs ?? 0) : cursorMs
    }
    // adelay cannot shift a clip earlier than its own leading silence.
    startMs = Math.max(Math.round(startMs), Math.round(audio.startMs))
    const entry = {
      wav: audio.wav,
      delayMs: startMs - Math.round(audio.startMs),
      voice: turn.voice,
      startMs,
      endMs: startMs + Math.round(soundMs),
    }
    placed.push(entry)
    if (turn.over === undefined) {
      previousMain = entry
      cursorMs = entry.endMs
    }
  })
  const durationMs = Math.max(...placed.map((p) => p.endMs)) + 700

  const speakerOf = (voice: number): number => conversation.speakerOfVoice?.[voice] ?? voice
  const mono = join(dir, 'mono.wav')
  await produce(mono, (tmp) => mix(placed, durationMs, tmp, 'mono'))
  let stereo: string | null = null
  if (conversation.voices.length === 2) {
    stereo = join(dir, 'stereo.wav')
    await produce(stereo, (tmp) => mix(placed, durationMs, tmp, 'stereo'))
  }
  let multichannel: string | null = null
  // One channel per person: only where each voice is its own person, and ffmpeg has a layout.
  if (
    conversation.voices.length >= 3 &&
    conversation.speakerOfVoice === undefined &&
    CHANNEL_LAYOUTS[conversation.voices.length] !== undefined
  ) {
    multichannel = join(dir, 'multichannel.wav')
    await produce(multichannel, (tmp) => mix(placed, durationMs, tmp, conversation.voices.length))
  }

  const generated: GeneratedConversation = {
    name: conversation.name,
    mono,
    stereo,
    multichannel,
    durationMs,
    speakers: new Set(conversation.voices.map((_, v) => speakerOf(v))).size,
    reference: placed
      .map((p) => ({ startMs: p.startMs, endMs: p.endMs, speaker: speakerOf(p.voice) }))
      .sort((a, b) => a.startMs - b.startMs),
  }
  writeAtomically(manifest, JSON.stringify(generated, null, 2))
  return generated
}

/**
 * The first and last 10 ms frame louder than −46 dBFS: where espeak-ng's output really sounds.
 * Pauses inside a turn stay inside it, as a human annotator would mark a turn.
 */
function soundingSpan(pcm: Float32Array, sampleRate: number): { startMs: number; endMs: number } {
  const frame = Math.round(sampleRate / 100)
  let first = -1
  let last = -1
  for (let f = 0; (f + 1) * frame <= pcm.length; f++) {
    let energy = 0
    for (let i = f * frame; i < (f + 1) * frame; i++) energy += (pcm[i] ?? 0) ** 2
    if (Math.sqrt(energy / frame) > 0.005) {
      if (first < 0) first = f
      last = f
    }
  }
  if (first < 0) throw new Error('espeak-ng produced silence')
  return { startMs: first * 10, endMs: (last + 1) * 10 }
}

/**
 * ffmpeg's layout for n channels, one per voice, and its channel names in order. join is given the
 * map: unmapped, a mono input (its one channel is FC) would land on FC, not on its own index.
 */
const CHANNEL_LAYOUTS: Record<number, { layout: string; names: string[] }> = {
  3: { layout: '3.0', names: ['FL', 'FR', 'FC'] },
  4: { layout: '4.0', names: ['FL', 'FR', 'FC', 'BC'] },
}

/**
 * One ffmpeg run: every turn delayed into place and summed (mono), or summed per voice (stereo:
 * voices 0 and 1; a number: that many channels, one per voice).
 */
function mix(
  placed: { wav: string; delayMs: number; voice: number }[],
  durationMs: number,
  out: string,
  layout: 'mono' | 'stereo' | number,
): Promise<void> {
  const inputs = placed.flatMap((p) => ['-i', p.wav])
  const delayed = placed.map(
    (p, i) =>
      `[${i}:a]aresample=${SAMPLE_RATE},volume=${GAIN},adelay=${p.delayMs}:all=1,` +
      `apad=whole_dur=${durationMs / 1000}[t${i}]`,
  )
  const sumOf = (ids: number[], label: string): string =>
    ids.length === 1
      ? `[t${ids[0] ?? 0}]anull[${label}]`
      : `${ids.map((i) => `[t${i}]`).join('')}amix=inputs=${ids.length}:normalize=0:duration=longest[${label}]`
  const all = placed.map((_, i) => i)
  const perVoice = (count: number): string[] => [
    ...delayed,
    ...Array.from({ length: count }, (_, v) =>
      sumOf(
        all.filter((i) => placed[i]?.voice === v),
        `v${v}`,
      ),
    ),
    `${Array.from({ length: count }, (_, v) => `[v${v}]`).join('')}join=inputs=${count}:channel_layout=${CHANNEL_LAYOUTS[count]?.layout ?? ''}:map=${(CHANNEL_LAYOUTS[count]?.names ?? []).map((name, v) => `${v}.0-${name}`).join('|')}[out]`,
  ]
  const graph =
    typeof layout === 'number'
      ? perVoice(layout)
      : layout === 'mono'
        ? [...delayed, sumOf(all, 'out')]
        : [
            ...delayed,
            sumOf(
              all.filter((i) => placed[i]?.voice === 0),
              'l',
            ),
            sumOf(
              all.filter((i) => placed[i]?.voice === 1),
              'r',
            ),
            '[l][r]join=inputs=2:channel_layout=stereo[out]',
          ]
  return runTool('ffmpeg', [
    '-nostdin', '-hide_banner', '-loglevel', 'error', '-y',
    ...inputs,
    '-filter_complex', graph.join(';'),
    '-map', '[out]', '-t', String(durationMs / 1000),
    '-c:a', 'pcm_s16le', '-ar', String(SAMPLE_RATE), '-map_metadata', '-1', '-bitexact',
    '-f', 'wav', out,
  ]) // prettier-ignore
}

async function produce(out: string, make: (tmp: string) => Promise<void>): Promise<void> {
  if (existsSync(out)) return
  const tmp = `${out}.${process.pid}.tmp`
  await make(tmp)
  renameSync(tmp, out)
}

function writeAtomically(out: string, data: string): void {
  const tmp = `${out}.${process.pid}.tmp`
  writeFileSync(tmp, data)
  renameSync(tmp, out)
}
