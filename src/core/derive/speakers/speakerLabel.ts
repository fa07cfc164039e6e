/** The stable name of the n-th speaker (0-based) until the user renames them, per recording. */
export function speakerLabel(index: number): string {
  return `Speaker ${index + 1}`
}
