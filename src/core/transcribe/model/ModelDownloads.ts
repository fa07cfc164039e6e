import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { ModelDownloadView } from '../../../shared/backendViews'
import { CoreError } from '../../CoreError'
import type { EgressGate } from '../../egress/EgressGate'
import { toErrorInfo } from '../../jobs/toErrorInfo'
import { downloadModel, modelFileName, type DownloadedModel } from './downloadModel'
import type { ModelCatalog } from './modelCatalog'
import { TransferRate } from './TransferRate'

export interface ModelDownloadsDeps {
  gate: Pick<EgressGate, 'download'>
  catalog: ModelCatalog
  /** `<dataDir>/models`, where `earshot model download` puts models too. */
  modelsDir: string
  /** Runs once a model is verified against the catalogue's digest (the core sets `model.path`). */
  onVerified: (model: DownloadedModel, name: string) => void
  now?: () => number
  /** Least time between two pushed progress events; the last one always goes. */
  eventIntervalMs?: number
}

/**
 * The app's model downloads (issue 14): one at a time per model, in the background, through the
 * egress gate (so onto the audit log), each pushed to the transports as it moves. Cancelling
 * keeps the partial file, so the next start of the same model resumes it with a Range request.
 */
export class ModelDownloads {
  private readonly running = new Map<string, AbortController>()
  private readonly last = new Map<string, ModelDownloadView>()
  private readonly listeners = new Set<(view: ModelDownloadView) => void>()
  private readonly settling = new Map<string, Promise<ModelDownloadView>>()
  private readonly now: () => number

  constructor(private readonly deps: ModelDownloadsDeps) {
    this.now = deps.now ?? Date.now
  }

  onEvent(listener: (view: ModelDownloadView) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** The running or last download of `name` in this process, if any. */
  status(name: string): ModelDownloadView | null {
    return this.last.get(name) ?? null
  }

  /** Bytes a stopped download of `name` left on disk for the next one to resume from. */
  async partialBytes(name: string): Promise<number> {
    try {
      return (await stat(`${join(this.deps.modelsDir, modelFileName(name))}.partial`)).size
    } catch {
      return 0
    }
  }

  /**
   * Starts downloading `name` (or answers the download already running) and returns at once;
   * `done` settles when it ends, never rejects (the outcome is in the view).
   */
  start(name: string): { view: ModelDownloadView; done: Promise<ModelDownloadView> } {
    const entry = Object.hasOwn(this.deps.catalog, name) ? this.deps.catalog[name] : undefined
    if (entry === undefined) {
      throw new CoreError('unknown-model', `There is no model named "${name}" in the catalogue.`)
    }
    const current = this.last.get(name)
    if (this.running.has(name) && current !== undefined) {
      return { view: current, done: this.ended(name) }
    }
    const controller = new AbortController()
    this.running.set(name, controller)
    const rate = new TransferRate()
    const interval = this.deps.eventIntervalMs ?? 200
    let resumedFrom: number | null = null
    let lastPushed = -Infinity
    const initial: ModelDownloadView = {
      name,
      state: 'downloading',
      bytes: 0,
      total: entry.bytes,
      resumedFrom: 0,
      bytesPerSecond: null,
      secondsLeft: null,
      error: null,
    }
    this.publish(initial)
    const done = this.run(name, initial, controller.signal, (bytes, total) => {
      const at = this.now()
      // The first report of each request is where it starts: a resume's offset, not speed.
      resumedFrom ??= bytes
      rate.add(at, bytes)
      if (at - lastPushed < interval && bytes < total) return
      lastPushed = at
      this.publish({
        ...initial,
        bytes,
        resumedFrom,
        bytesPerSecond: rate.bytesPerSecond(),
        secondsLeft: rate.secondsLeft(total),
      })
    })
    this.settling.set(name, done)
    return { view: initial, done }
  }

  /** Stops a running download of `name`, keeping what it fetched for a resume. */
  cancel(name: string): boolean {
    const controller = this.running.get(name)
    if (controller === undefined) return false
    controller.abort()
    return true
  }

  /** Cancels every running download and waits for them to stop (the core is closing). */
  async dispose(): Promise<void> {
    for (const controller of this.running.values()) controller.abort()
    await Promise.all(this.settling.values())
  }

  private async run(
    name: string,
    initial: ModelDownloadView,
    signal: AbortSignal,
    onProgress: (bytes: number, total: number) => void,
  ): Promise<ModelDownloadView> {
    try {
      const model = await downloadModel({
        name,
        destDir: this.deps.modelsDir,
        gate: this.deps.gate,
        catalog: this.deps.catalog,
        signal,
        onProgress: ({ bytes, total }) => {
          onProgress(bytes, total)
        },
      })
      this.deps.onVerified(model, name)
      const at = this.last.get(name) ?? initial
      return this.finish(name, { ...at, state: 'done', bytes: model.bytes, secondsLeft: 0 })
    } catch (error) {
      const at = this.last.get(name) ?? initial
      const stopped = { ...at, bytesPerSecond: null, secondsLeft: null }
      if (signal.aborted) return this.finish(name, { ...stopped, state: 'cancelled' })
      return this.finish(name, { ...stopped, state: 'failed', error: toErrorInfo(error) })
    }
  }

  private ended(name: string): Promise<ModelDownloadView> {
    return this.settling.get(name) ?? Promise.resolve(this.last.get(name) as ModelDownloadView)
  }

  private finish(name: string, view: ModelDownloadView): ModelDownloadView {
    this.running.delete(name)
    this.settling.delete(name)
    this.publish(view)
    return view
  }

  private publish(view: ModelDownloadView): void {
    this.last.set(view.name, view)
    for (const listener of this.listeners) listener(view)
  }
}
