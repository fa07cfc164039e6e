import type { EarshotApi } from '../shared/api'

declare global {
  interface Window {
    readonly earshot: EarshotApi
  }
}
