import type { BackendEventHook } from '../BackendEvent'
import type { DeliveryService } from './DeliveryService'

/**
 * Connects the team server's events to its outbox. The server hands over `upload.received` (with
 * the upload it stored) and `upload.deleted`; the outbox derives the `signal.found` events from the
 * upload itself (their one home). Ids are the server's,
 * stable across a client's retry, so a retried upload enqueues nothing twice and every
 * destination gets each event once.
 */
export function deliverBackendEvents(service: DeliveryService): BackendEventHook {
  return async (event) => {
    switch (event.type) {
      case 'upload.received':
        // The upload's contact (set by the member for this recording) is where HubSpot notes go.
        await service.enqueueUpload(event.upload, event.member, {
          id: event.id,
          ...(event.upload.contactEmail !== undefined && {
            contactEmail: event.upload.contactEmail,
          }),
        })
        return
      case 'upload.deleted':
        await service.enqueueDeletion({
          recordingId: event.recordingId,
          member: event.member,
          deletedAt: event.at,
          id: event.id,
        })
        return
    }
  }
}
