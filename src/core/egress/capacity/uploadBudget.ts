/**
 * The capacity budget of the egress gate (issue 10): what any upload of one recording may carry,
 * set by the recording's duration. One home for every number; `measureUpload` applies them and
 * the reference backend reuses them. Sizes are for speech: the fastest ordinary speech is about
 * 6–7 syllables a second (Pellegrino et al., Language 87(3), 2011), 200–250 words a minute in
 * English, 8–10 morae a second in Japanese, 5–6 characters a second in Mandarin.
 */
export const UPLOAD_BUDGET = Object.freeze({
  /**
   * The ceiling per recording over all of its uploads (every edit, re-upload and repeat is
   * charged), in bits per second of audio. The lowest Codec2 mode is 450 bit/s; intelligible
   * speech codecs need more, so audio cannot fit.
   */
  bitsPerSecond: 400,
  /** Transcript characters per second of audio, all segments together, by script profile. */
  charsPerSecond: { latin: 30, cjk: 14, other: 30 },
  /** Segments per second of audio (whisper writes one every 2–8 s), plus one. */
  segmentsPerSecond: 1,
  /** Timestamps are whole multiples of this (whisper's own resolution is 10 ms). */
  timeGridMs: 10,
  /** Confidences have at most this many decimals. */
  confidenceDecimals: 2,
  /** Longest token between spaces (URLs, German compounds: 42 letters for the longest in use). */
  maxWordChars: 64,
  /** Longest run of digits with nothing between them (longer numbers are redacted anyway). */
  maxDigitRun: 12,
  /** A run of letters may change script at most this often ("用iPhone拍照" changes twice). */
  maxScriptSwitches: 2,
  /** Combining marks in a row (Vietnamese stacks two; more is an invisible channel). */
  maxCombiningRun: 3,
  /** Distinct speaker names in one upload. */
  maxSpeakers: 32,
  /** Metrics: decimals of each ratio and of words per minute (what computeMetrics writes). */
  ratioDecimals: 4,
  wordsPerMinuteDecimals: 1,
  maxWordsPerMinute: 2000,
})

/**
 * The other purposes' bounds, per request, in bits (stated in the README; each is the log2 of
 * the number of distinct requests the gate lets through).
 * - deletion: a DELETE carries one recording id, which must be one already uploaded: at most
 *   log2(recordings uploaded) bits, at most once per recording;
 * - model download: one of the catalogue's fixed URLs and, when resuming, a Range start inside
 *   the file: log2(catalogue size) + log2(file size) bits;
 * - analytics: the batch schema's closed event names and coarse properties (AnalyticsBatch);
 * - connection test: 0 bits: one fixed GET with no body and no header but the backend's own token
 *   (the only choice left is when it is sent, as for every purpose).
 */
export const OTHER_PURPOSE_BUDGET = Object.freeze({
  /** Largest model file in the catalogue is under 4 GiB: a Range start costs at most 32 bits. */
  maxDownloadRangeBits: 32,
})
