/**
 * Saves text (or bytes) as a file through the browser's own download (a blob URL; nothing leaves
 * the page).
 */
export function downloadText(
  text: string | Uint8Array<ArrayBuffer>,
  fileName: string,
  type: string,
): void {
  const url = URL.createObjectURL(new Blob([text], { type }))
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.click()
  setTimeout(() => {
    URL.revokeObjectURL(url)
  }, 10_000)
}
