import { expect } from 'vitest'
import { startReceiver } from '../../../support/startReceiver'

/**
 * HubSpot's CRM v3 as documented (developers.hubspot.com: contacts search, notes search, notes
 * create), on loopback, for the contact with `contactEmail` (id 5150): the bearer token checked, each body held to its documented shape, notes
 * kept, and a notes search by `hs_note_body CONTAINS_TOKEN` matching whole words of kept notes.
 */
export async function startFakeHubspot(token: string, contactEmail: string) {
  const started = await startReceiver('/')
  const notes: { properties: { hs_note_body: string } }[] = []
  const state = { loseNextNoteAnswer: false }
  started.answer = (request) => {
    if (request.headers.authorization !== `Bearer ${token}`) {
      return { status: 401, body: { status: 'error', category: 'INVALID_AUTHENTICATION' } }
    }
    const body = JSON.parse(request.body) as Record<string, unknown>
    if (request.path === '/crm/v3/objects/contacts/search') {
      expect(body).toEqual({
        filterGroups: [
          { filters: [{ propertyName: 'email', operator: 'EQ', value: 'buyer@acme.example' }] },
        ],
        properties: ['email'],
        limit: 1,
      })
      return {
        status: 200,
        body: { total: 1, results: [{ id: '5150', properties: { email: contactEmail } }] },
      }
    }
    if (request.path === '/crm/v3/objects/notes/search') {
      const search = body as {
        filterGroups: { filters: { propertyName: string; operator: string; value: string }[] }[]
      }
      const filter = search.filterGroups[0]?.filters[0]
      expect(filter).toMatchObject({ propertyName: 'hs_note_body', operator: 'CONTAINS_TOKEN' })
      expect(body).toMatchObject({ properties: ['hs_note_body'], limit: 1 })
      const hits = notes
        .map((note, i) => ({ id: String(9001 + i), note }))
        .filter(({ note }) =>
          note.properties.hs_note_body.split(/[^A-Za-z0-9]+/).includes(filter?.value ?? ''),
        )
      return {
        status: 200,
        body: { total: hits.length, results: hits.map(({ id }) => ({ id, properties: {} })) },
      }
    }
    if (request.path === '/crm/v3/objects/notes') {
      notes.push(body as { properties: { hs_note_body: string } })
      if (state.loseNextNoteAnswer) {
        state.loseNextNoteAnswer = false
        return { status: 201, hang: true }
      }
      return { status: 201, body: { id: String(9000 + notes.length), properties: {} } }
    }
    return { status: 404, body: { status: 'error' } }
  }
  return {
    origin: started.origin,
    requests: started.requests,
    notes,
    set loseNextNoteAnswer(value: boolean) {
      state.loseNextNoteAnswer = value
    },
    close: () => started.close(),
  }
}
