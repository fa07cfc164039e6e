import type { TrackerDefinition } from '../../shared/signals'
import { configuredTrackers } from '../derive/signals/configuredTrackers'
import type { DerivedStore } from '../store/DerivedStore'
import type { RecordingRow, RecordingStore } from '../store/RecordingStore'
import type { SettingsStore } from '../store/SettingsStore'
import type { ShareableStore } from '../store/ShareableStore'
import type { UploadContent } from '../sync/composeUploadContent'
import { recordingUploadContent } from '../sync/recordingUploadContent'
import { inScope, mcpScope, type McpScope } from './McpScope'
import { McpRefusal } from './McpRefusal'

export interface DisclosedLibraryDeps {
  recordings: RecordingStore
  derived: DerivedStore
  settings: SettingsStore
  shareable: ShareableStore
}

/** One recording as a client sees it in a list: no path, no hash, no size, no media. */
export interface DisclosedRecording {
  recordingId: string
  importedAt: string
  durationMs: number | null
  language: string | null
  /** Only with `upload.includeTitles` on: titles are usually file names (the upload rule). */
  title?: string
}

/**
 * The library as an LLM client may see it: the recordings `mcp.scope` allows, each one's text
 * exactly as an upload of it would carry it (composeUploadContent: the same redactor, the same
 * always-redact terms, the same reverts, the user's speaker names). Settings are read on every
 * call, so a change in Settings or `earshot config` applies to the next request of a running
 * server.
 */
export class DisclosedLibrary {
  constructor(private readonly deps: DisclosedLibraryDeps) {}

  /** Throws the refusal a client sees while the user has the server turned off. */
  assertEnabled(): void {
    if (!this.deps.settings.get('mcp.enabled')) {
      throw new McpRefusal(
        'turned-off',
        'Sharing with LLM clients is turned off in Earshot; the user can turn it on with `earshot config set mcp.enabled true`.',
      )
    }
  }

  scope(): McpScope {
    const { settings, shareable } = this.deps
    return mcpScope(
      {
        'mcp.scope': settings.get('mcp.scope'),
        'mcp.from': settings.get('mcp.from'),
        'mcp.to': settings.get('mcp.to'),
      },
      () => shareable.ids(),
    )
  }

  /** Every recording in scope, newest first. */
  recordingsInScope(scope: McpScope = this.scope()): RecordingRow[] {
    return this.deps.recordings
      .list()
      .filter((recording) => inScope(scope, recording))
      .sort((a, b) => Date.parse(b.importedAt) - Date.parse(a.importedAt))
  }

  /** One recording in scope; a missing one and one outside the scope get the same refusal. */
  recording(recordingId: string, scope: McpScope = this.scope()): RecordingRow {
    const recording = this.deps.recordings.get(recordingId)
    if (recording === undefined || !inScope(scope, recording)) {
      throw new McpRefusal(
        'not-found',
        `No recording with the id '${recordingId}' is available to this client.`,
      )
    }
    return recording
  }

  describe(recording: RecordingRow): DisclosedRecording {
    return {
      recordingId: recording.id,
      importedAt: recording.importedAt,
      durationMs: recording.durationMs,
      language: recording.language,
      ...(this.deps.settings.get('upload.includeTitles') && {
        title: recording.title.slice(0, 200),
      }),
    }
  }

  /** The trackers in use; a batch builds them once (compiling them is not free). */
  trackers(): TrackerDefinition[] {
    return configuredTrackers(this.deps.settings)
  }

  /** Transcript, summary, signals and metrics as an upload of this recording would carry them. */
  content(recording: RecordingRow, trackers: readonly TrackerDefinition[]): UploadContent {
    return recordingUploadContent(this.deps, recording, trackers)
  }

  get recordings(): RecordingStore {
    return this.deps.recordings
  }
}
