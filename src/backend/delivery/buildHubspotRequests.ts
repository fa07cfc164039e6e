import {
  HUBSPOT_NOTE_TO_CONTACT,
  type HubspotContactSearch,
  type HubspotNoteCreate,
  type HubspotNoteSearch,
  type UploadReceivedData,
} from '../../shared/delivery'

/** The contact search: `email EQ <address>`, one result, only the email property. */
export function hubspotContactSearch(email: string): HubspotContactSearch {
  return {
    filterGroups: [{ filters: [{ propertyName: 'email', operator: 'EQ', value: email }] }],
    properties: ['email'],
    limit: 1,
  }
}

/** An event id's 32 hex digits: the token a note carries and is searched by. */
export function noteToken(eventId: string): string {
  const token = /^msg_([0-9a-f]{32})$/.exec(eventId)?.[1]
  if (token === undefined) throw new TypeError('An event id is msg_ and 32 hex digits.')
  return token
}

/** The notes search for a note this event made already (see HubspotNoteSearch). */
export function hubspotNoteSearch(eventId: string): HubspotNoteSearch {
  return {
    filterGroups: [
      {
        filters: [
          { propertyName: 'hs_note_body', operator: 'CONTAINS_TOKEN', value: noteToken(eventId) },
        ],
      },
    ],
    properties: ['hs_note_body'],
    limit: 1,
  }
}

/**
 * A note on the contact (HubSpot CRM v3 notes API): `hs_timestamp` is when the call was recorded,
 * `hs_note_body` (HTML) the summary and the signals' quotes, associated with the contact by the
 * HUBSPOT_DEFINED note-to-contact type. Its last line names the event by its token, which is
 * what the notes search finds it by.
 */
export function hubspotNote(
  data: UploadReceivedData,
  contactId: string,
  eventId: string,
): HubspotNoteCreate {
  const token = noteToken(eventId)
  const reference = `<p>Earshot event ${token}</p>`
  const lines = [
    `<p><strong>${html(data.title ?? 'Call')}</strong> (Earshot, ${html(data.member)})</p>`,
    ...(data.summary !== null && data.summary.trim() !== ''
      ? [`<p>${html(data.summary)}</p>`]
      : []),
    ...(data.signals.length > 0
      ? [
          `<ul>${data.signals
            .slice(0, 100)
            .map(
              (signal) =>
                `<li><strong>${html(signal.tracker)}</strong>: “${html(signal.quote)}”</li>`,
            )
            .join('')}</ul>`,
        ]
      : []),
  ]
  return {
    properties: {
      hs_timestamp: data.createdAt,
      // Cut before the reference, never through it: the search must still find the note.
      hs_note_body: lines.join('').slice(0, 65_536 - reference.length) + reference,
    },
    associations: [
      {
        to: { id: contactId },
        types: [
          { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: HUBSPOT_NOTE_TO_CONTACT },
        ],
      },
    ],
  }
}

function html(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
}
