import { z } from 'zod'

/**
 * What the team server forwards (issue 12): the bodies its egress gate lets out for the `delivery`
 * purpose. Every field comes from an upload the server stored (shared/upload.ts) or from the
 * deletion of one; `.strict()` everywhere, so a body can never carry more than these names.
 */

const text = (max: number) => z.string().max(max)

export const deliveryEventTypes = ['upload.received', 'upload.deleted', 'signal.found'] as const
export const DeliveryEventType = z.enum(deliveryEventTypes)
export type DeliveryEventType = z.infer<typeof DeliveryEventType>

/** A team member's name, as the server's members table holds it. */
export const MemberName = text(80).min(1)

/** One signal of an upload, as the upload held it (UploadSignal without its segment index). */
export const DeliveredSignal = z
  .object({
    tracker: text(80),
    phrase: text(200),
    quote: text(1000),
    speaker: text(80).optional(),
    startMs: z.number().int().nonnegative(),
  })
  .strict()
export type DeliveredSignal = z.infer<typeof DeliveredSignal>

export const UploadReceivedData = z
  .object({
    recordingId: z.uuid(),
    member: MemberName,
    title: text(200).optional(),
    durationMs: z.number().int().nonnegative(),
    language: z
      .string()
      .regex(/^[a-z]{2,3}$/)
      .nullable(),
    createdAt: z.iso.datetime(),
    summary: text(20_000).nullable(),
    signals: z.array(DeliveredSignal).max(10_000),
  })
  .strict()
export type UploadReceivedData = z.infer<typeof UploadReceivedData>

export const UploadDeletedData = z
  .object({ recordingId: z.uuid(), member: MemberName, deletedAt: z.iso.datetime() })
  .strict()
export type UploadDeletedData = z.infer<typeof UploadDeletedData>

export const SignalFoundData = z
  .object({ recordingId: z.uuid(), member: MemberName, signal: DeliveredSignal })
  .strict()
export type SignalFoundData = z.infer<typeof SignalFoundData>

/** The `data` of each event type. */
export const deliveryDataSchemas = {
  'upload.received': UploadReceivedData,
  'upload.deleted': UploadDeletedData,
  'signal.found': SignalFoundData,
} as const satisfies Record<DeliveryEventType, z.ZodType>

/** Standard Webhooks 1.0, "Payload structure": `type`, `timestamp`, `data`. */
export const WebhookEventBody = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('upload.received'),
      timestamp: z.iso.datetime(),
      data: UploadReceivedData,
    })
    .strict(),
  z
    .object({
      type: z.literal('upload.deleted'),
      timestamp: z.iso.datetime(),
      data: UploadDeletedData,
    })
    .strict(),
  z
    .object({ type: z.literal('signal.found'), timestamp: z.iso.datetime(), data: SignalFoundData })
    .strict(),
])
export type WebhookEventBody = z.infer<typeof WebhookEventBody>

// Slack Block Kit reference: header text is plain_text up to 150 characters, a section's text up
// to 3000, a context block holds up to 10 elements, a message up to 50 blocks.
const PlainText = z.object({ type: z.literal('plain_text'), text: text(150).min(1) }).strict()
const Mrkdwn = (max: number) =>
  z.object({ type: z.literal('mrkdwn'), text: text(max).min(1) }).strict()

export const SlackBlock = z.discriminatedUnion('type', [
  z.object({ type: z.literal('header'), text: PlainText }).strict(),
  z.object({ type: z.literal('section'), text: Mrkdwn(3000) }).strict(),
  z.object({ type: z.literal('context'), elements: z.array(Mrkdwn(3000)).min(1).max(10) }).strict(),
])
export type SlackBlock = z.infer<typeof SlackBlock>

/** Slack incoming webhooks: `text` is the notification fallback, `blocks` the message. */
export const SlackMessage = z
  .object({ text: text(3000).min(1), blocks: z.array(SlackBlock).min(1).max(50) })
  .strict()
export type SlackMessage = z.infer<typeof SlackMessage>

/**
 * A HubSpot CRM v3 search (`POST /crm/v3/objects/{type}/search`) for one object by one property:
 * one filter group of one filter, that property back, at most one hit. Nothing else fits.
 */
function crmSearchOne<Name extends string, Operator extends string>(
  propertyName: Name,
  operator: Operator,
  value: z.ZodType<string>,
) {
  return z
    .object({
      filterGroups: z
        .array(
          z
            .object({
              filters: z
                .array(
                  z
                    .object({
                      propertyName: z.literal(propertyName),
                      operator: z.literal(operator),
                      value,
                    })
                    .strict(),
                )
                .length(1),
            })
            .strict(),
        )
        .length(1),
      properties: z.tuple([z.literal(propertyName)]),
      limit: z.literal(1),
    })
    .strict()
}

/** HubSpot CRM v3, `POST /crm/v3/objects/contacts/search`: the contact with this email. */
export const HubspotContactSearch = crmSearchOne('email', 'EQ', z.email().max(254))
export type HubspotContactSearch = z.infer<typeof HubspotContactSearch>

/**
 * HubSpot CRM v3, `POST /crm/v3/objects/notes/search`: a note whose body holds this event's id (its
 * 32 hex digits, a token of their own in the note, matched with CONTAINS_TOKEN). Asked before a
 * note is created, so a retry after a lost answer finds the first note instead of adding another.
 */
export const HubspotNoteSearch = crmSearchOne(
  'hs_note_body',
  'CONTAINS_TOKEN',
  z.string().regex(/^[0-9a-f]{32}$/),
)
export type HubspotNoteSearch = z.infer<typeof HubspotNoteSearch>

/** The part of the search answer the server reads (contacts and notes alike). */
export const HubspotSearchResult = z.object({
  total: z.number().int().nonnegative(),
  results: z.array(z.object({ id: z.string().regex(/^[0-9]{1,20}$/) })),
})

/** HubSpot's note-to-contact association type (CRM v4 associations, HUBSPOT_DEFINED 202). */
export const HUBSPOT_NOTE_TO_CONTACT = 202

/** HubSpot CRM v3, `POST /crm/v3/objects/notes`: a note with its association to the contact. */
export const HubspotNoteCreate = z
  .object({
    properties: z
      .object({ hs_timestamp: z.iso.datetime(), hs_note_body: text(65_536).min(1) })
      .strict(),
    associations: z
      .array(
        z
          .object({
            to: z.object({ id: z.string().regex(/^[0-9]{1,20}$/) }).strict(),
            types: z
              .array(
                z
                  .object({
                    associationCategory: z.literal('HUBSPOT_DEFINED'),
                    associationTypeId: z.literal(HUBSPOT_NOTE_TO_CONTACT),
                  })
                  .strict(),
              )
              .length(1),
          })
          .strict(),
      )
      .length(1),
  })
  .strict()
export type HubspotNoteCreate = z.infer<typeof HubspotNoteCreate>
