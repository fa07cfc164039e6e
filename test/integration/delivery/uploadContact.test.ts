import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { deliverBackendEvents } from '../../../src/backend/delivery/deliverBackendEvents'
import { ReferenceBackend } from '../../../src/backend/ReferenceBackend'
import { addTeamMember } from '../../../src/backend/teamMembers'
import { postTranscript, teamUpload } from '../../support/teamBackend'
import { teamEngines, useTeamDatabases } from '../../support/teamDatabases'
import { useTempDir } from '../../support/tempDir'
import { eventually, openDeliveryWorldOn } from './support/deliveryWorld'
import { startFakeHubspot } from './support/fakeHubspot'

const database = useTeamDatabases()
const tempDir = useTempDir()
const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

const HUBSPOT_TOKEN = 'pat-na1-0123abcd-4567-89ef-0123-456789abcdef'

describe.each(teamEngines)('an upload’s CRM contact on %s', (engine) => {
  it('notes the call on the HubSpot contact the upload names, once, and not for an upload without one', async () => {
    const hubspot = await startFakeHubspot(HUBSPOT_TOKEN, 'buyer@acme.example')
    cleanups.push(() => hubspot.close())
    const db = await database(engine)
    const delivery = await openDeliveryWorldOn(db, join(tempDir(), 'audit.db'))
    cleanups.push(() => delivery.close())
    await delivery.store.addDestination(
      { kind: 'hubspot', url: hubspot.origin, secret: HUBSPOT_TOKEN, events: ['upload.received'] },
      new Date().toISOString(),
    )
    const backend = new ReferenceBackend({ db, onEvent: deliverBackendEvents(delivery.service) })
    cleanups.push(() => backend.close())
    const url = await backend.listen()
    const { token } = await addTeamMember(backend.store, 'dana', 'member')
    delivery.service.start()

    // The summary quotes the transcript (the capacity bound's rule); the note carries it.
    const call = teamUpload(['we need single sign on'], {
      summary: 'we need single sign on',
      contactEmail: 'buyer@acme.example',
    })
    const key = { 'idempotency-key': crypto.randomUUID() }
    expect((await postTranscript(url, token, call, key)).status).toBe(201)
    // A client's retry (its receipt lost): the same event, no second note.
    expect((await postTranscript(url, token, call, key)).status).toBe(201)
    expect((await postTranscript(url, token, teamUpload(['no contact here']))).status).toBe(201)
    await eventually(async () => (await delivery.store.listJobs()).length === 1)
    await eventually(async () => (await delivery.store.listJobs())[0]?.state === 'delivered')
    expect(hubspot.notes).toHaveLength(1)
    expect(hubspot.notes[0]?.properties.hs_note_body).toContain('we need single sign on')
    // Stored as received: the contact is in the team server's copy of the upload.
    const stored = await backend.store.get(call.recordingId)
    expect(JSON.parse(stored?.payload ?? '{}')).toMatchObject({
      contactEmail: 'buyer@acme.example',
    })

    // Not an email: refused by the schema, nothing stored.
    const bad = await postTranscript(url, token, { ...teamUpload(['x']), contactEmail: 'nobody' })
    expect(bad.status).toBe(422)
  })
})
