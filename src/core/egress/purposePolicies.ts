import type { EgressPurpose } from './EgressPurpose'

export type EgressMethod = 'GET' | 'POST' | 'DELETE'

/** What a purpose may do (DESIGN.md §5: each purpose has an allowlist of origin and method). */
export interface PurposePolicy {
  /** https origins built in; the gate's config may add more (the backend, a loopback test server). */
  readonly origins: readonly string[]
  readonly methods: readonly EgressMethod[]
  /** Request headers a caller may set, lower case. Anything else is refused, not dropped. */
  readonly requestHeaders: readonly string[]
  /** `follow-allowlisted`: the gate follows a redirect itself, re-checking every hop. */
  readonly redirects: 'refuse' | 'follow-allowlisted'
}

/** How many redirects a `follow-allowlisted` purpose may take before the gate gives up. */
export const maxRedirects = 5

export const purposePolicies: Readonly<Record<EgressPurpose, PurposePolicy>> = {
  'model-download': {
    origins: [
      'https://huggingface.co',
      // Hosts huggingface.co/.../resolve/ redirects LFS and Xet files to. Named one by one, no
      // wildcard: *.hf.co would also admit hosts we never meant to talk to. Sources: Xet
      // storage today (cas-bridge); the LFS CDN before it (transformers#33947 lists the hf.co
      // trio; cdn-lfs*.huggingface.co are the older names); the CloudFront edges HF is migrating
      // to (seen in 302 Location headers, agent-glovebox#830).
      'https://cas-bridge.xethub.hf.co',
      'https://cdn-lfs.hf.co',
      'https://cdn-lfs-us-1.hf.co',
      'https://cdn-lfs-eu-1.hf.co',
      'https://cdn-lfs.huggingface.co',
      'https://cdn-lfs-us-1.huggingface.co',
      'https://us.aws.cdn.hf.co',
      'https://eu.aws.cdn.hf.co',
    ],
    methods: ['GET'],
    requestHeaders: ['range'],
    redirects: 'follow-allowlisted',
  },
  // DESIGN.md §4: the backend's origin comes from config; redirects are never followed.
  upload: {
    origins: [],
    methods: ['POST'],
    // earshot-audit-head is not here: the gate sets it (sendRoutes.ts `witnessed`), never a caller.
    requestHeaders: ['authorization', 'idempotency-key', 'content-type', 'earshot-install-id'],
    redirects: 'refuse',
  },
  deletion: {
    origins: [],
    methods: ['DELETE'],
    requestHeaders: ['authorization', 'earshot-install-id'],
    redirects: 'refuse',
  },
  // The analytics module adds its endpoint when it lands; until then nothing is allowed.
  analytics: {
    origins: [],
    methods: ['POST'],
    requestHeaders: ['content-type'],
    redirects: 'refuse',
  },
  // The backend health check (Settings' "Test connection", `earshot backend check`): the backend's
  // origin, one GET of one fixed path, no body, only the token the backend issued. Its bound: the
  // request carries no bits of the library (sendRoutes.ts, uploadBudget.ts).
  'connection-test': {
    origins: [],
    methods: ['GET'],
    requestHeaders: ['authorization'],
    redirects: 'refuse',
  },
  // Issue 12: the team server's deliveries. Origins come from its destinations (deliveryTargets.ts),
  // every URL exactly; headers are checked per destination in checkDeliveryRequest.ts.
  delivery: {
    origins: [],
    methods: ['POST'],
    requestHeaders: [
      'authorization',
      'content-type',
      'webhook-id',
      'webhook-timestamp',
      'webhook-signature',
    ],
    redirects: 'refuse',
  },
}
