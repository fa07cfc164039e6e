import type { Summarizer } from './Summarizer'
import { extractiveSummary } from './extractiveSummary'

/** The summarizer Earshot ships: `extractiveSummary` behind the `Summarizer` seam. */
export const extractiveSummarizer: Summarizer = {
  id: 'extractive-v1',
  summarize(input) {
    return Promise.resolve(
      extractiveSummary(
        input.segments,
        { maxSentences: input.maxSentences, maxChars: input.maxChars },
        input.signals ?? [],
      ),
    )
  },
}
