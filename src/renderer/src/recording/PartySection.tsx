import type { PartySplit } from '../../../shared/derivedViews'

const percent = (share: number): string => `${Math.round(share * 100)}%`

/**
 * The call split into the user ("You") and everyone else: a seller's pitch is not the customer's
 * demand, so the signals the Insights screen counts are "them" by default.
 */
export function PartySection({ parties }: { parties: PartySplit }) {
  const rows = [
    ['You', parties.you],
    ['Them', parties.them],
  ] as const
  return (
    <section className="derived-section" aria-labelledby="parties-title">
      <h2 id="parties-title">You vs them</h2>
      <table className="party-table" data-testid="parties">
        <thead>
          <tr>
            <th scope="col">Who</th>
            <th scope="col">Talk</th>
            <th scope="col">Questions</th>
            <th scope="col">Signals</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([who, figures]) => (
            <tr key={who}>
              <th scope="row">{who}</th>
              <td>{percent(figures.talkShare)}</td>
              <td>{figures.questions}</td>
              <td>{figures.signals}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
