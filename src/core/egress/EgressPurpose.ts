/** Why a request leaves the machine. Every request through the gate names one (DESIGN.md §5). */
export type EgressPurpose =
  'upload' | 'deletion' | 'analytics' | 'model-download' | 'delivery' | 'connection-test'
