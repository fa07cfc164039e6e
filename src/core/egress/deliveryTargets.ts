/**
 * Where the team server may deliver (issue 12), from its destinations table: each URL exactly, not
 * just its origin, and what each kind of request must look like. Nothing else leaves under the
 * `delivery` purpose.
 */
export type DeliveryTarget =
  /** Standard Webhooks: the gate checks the signature with the secret, so it carries no data. */
  | { readonly kind: 'webhook'; readonly url: string; readonly secret: string }
  /** A Slack incoming webhook: the URL is the credential. */
  | { readonly kind: 'slack'; readonly url: string }
  /** HubSpot's CRM API at `baseUrl` (https://api.hubapi.com), with its private-app token. */
  | { readonly kind: 'hubspot'; readonly baseUrl: string; readonly token: string }

/** HubSpot CRM v3 paths the `delivery` purpose may call, and the body each takes. */
export const hubspotPaths = {
  search: '/crm/v3/objects/contacts/search',
  /** Whether a note carrying an event's id exists already (a lost answer's retry). */
  noteSearch: '/crm/v3/objects/notes/search',
  note: '/crm/v3/objects/notes',
} as const
