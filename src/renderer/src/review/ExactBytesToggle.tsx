/**
 * Switches a payload view between the pretty-printed JSON and the exact bytes sent, the same
 * control on the Review screen and in an audit entry.
 */
export function ExactBytesToggle({
  exact,
  onChange,
}: {
  exact: boolean
  onChange: (exact: boolean) => void
}) {
  return (
    <label className="toggle">
      <input
        type="checkbox"
        checked={exact}
        onChange={(event) => {
          onChange(event.target.checked)
        }}
      />
      Show exact bytes
    </label>
  )
}
