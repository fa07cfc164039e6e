import {
  HUBSPOT_NOTE_TO_CONTACT,
  type HubspotContactSearch,
  type HubspotNoteCreate,
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

/**
 * A note on the contact (HubSpot CRM v3 notes API): `hs_timestamp` is when the call was recorded,
 * `hs_note_body` (HTML) the summary and the signals' quotes, associated with the contact by the
 * HUBSPOT_DEFINED note-to-contact type.
 */
export function hubspotNote(data: UploadReceivedData, contactId: string): HubspotNoteCreate {
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
    properties: { hs_timestamp: data.createdAt, hs_note_body: lines.join('').slice(0, 65_536) },
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
