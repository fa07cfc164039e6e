import { useSyncExternalStore } from 'react'
import { parseRoute, type Route } from './parseRoute'

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange)
  return () => {
    window.removeEventListener('hashchange', onChange)
  }
}

const currentHash = (): string => window.location.hash

export function useRoute(): Route {
  return parseRoute(useSyncExternalStore(subscribe, currentHash))
}
