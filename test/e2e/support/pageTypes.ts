import type { EarshotApi, JobEvent } from '../../../src/shared/api'

// The node tsconfig that checks tests has no DOM lib: these name the few page globals the
// `page.evaluate` callbacks touch. Type-only, so nothing here is needed inside the page.

export interface PageRect {
  top: number
  bottom: number
}

export interface PageElement {
  getBoundingClientRect: () => PageRect
}

export interface PageMedia {
  currentTime: number
  readyState: number
  addEventListener: (type: 'seeked', listener: () => void, options: { once: true }) => void
}

export interface PageFocused {
  closest: (selector: string) => { getAttribute: (name: string) => string | null } | null
}

export interface PageWindow {
  earshot: EarshotApi
  seenEvents?: JobEvent[]
  document: {
    cookie: string
    activeElement: PageFocused | null
    querySelector: (selector: string) => (PageElement & Partial<PageMedia>) | null
  }
}
