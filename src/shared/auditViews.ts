import { z } from 'zod'

/** The audit log's kinds and purposes, one list for the core (`core/audit/types.ts`) and the UI. */
export const auditKindNames = ['attempt', 'outcome', 'blocked'] as const
export const auditPurposeNames = [
  'upload',
  'deletion',
  'analytics',
  'model-download',
  'mcp',
  'delivery',
  'connection-test',
] as const
export const AuditKindName = z.enum(auditKindNames)
export const AuditPurposeName = z.enum(auditPurposeNames)
export type AuditKindName = z.infer<typeof AuditKindName>
export type AuditPurposeName = z.infer<typeof AuditPurposeName>

/** One audit entry as the Audit Log screen lists it (DESIGN.md §6), without its payload bytes. */
export const AuditEntryView = z.object({
  seq: z.number().int().positive(),
  ts: z.string(),
  kind: AuditKindName,
  purpose: AuditPurposeName,
  destination: z.string(),
  method: z.string(),
  bytes: z.number().int().nonnegative(),
  payloadSha256: z.string().nullable(),
  status: z.number().int().nullable(),
  reason: z.string().nullable(),
  hash: z.string(),
  /** The recording an upload or deletion was about (entry form 2); null for the others. */
  recordingId: z.string().nullable(),
})
export type AuditEntryView = z.infer<typeof AuditEntryView>

export const AuditListQuery = z.object({
  /** Entries after this seq (the previous page's `nextAfterSeq`). */
  afterSeq: z.number().int().nonnegative().optional(),
  limit: z.number().int().min(1).max(500).optional(),
  purpose: AuditPurposeName.optional(),
  kind: AuditKindName.optional(),
})

export const AuditPage = z.object({
  entries: z.array(AuditEntryView),
  /** Pass as `afterSeq` for the next page; null when this was the last. */
  nextAfterSeq: z.number().int().nullable(),
})
export type AuditPage = z.infer<typeof AuditPage>

/**
 * The exact bytes an entry recorded: as text when they are UTF-8 (every JSON body is), else as
 * base64, so nothing is altered for display.
 */
export const AuditPayload = z.object({
  encoding: z.enum(['utf8', 'base64']),
  text: z.string(),
})
export type AuditPayload = z.infer<typeof AuditPayload>

export const AuditEntryDetail = z.object({
  entry: AuditEntryView,
  payload: AuditPayload.nullable(),
})
export type AuditEntryDetail = z.infer<typeof AuditEntryDetail>

export const AuditChainReport = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    entries: z.number().int(),
    headSeq: z.number().int(),
    headHash: z.string(),
  }),
  z.object({ ok: z.literal(false), firstBadSeq: z.number().int(), reason: z.string() }),
])
export type AuditChainReport = z.infer<typeof AuditChainReport>

/** The JSON Lines export (`earshot audit export`), for the page to save as a file. */
export const AuditExport = z.object({
  fileName: z.string(),
  jsonl: z.string(),
  entries: z.number().int().nonnegative(),
  headHash: z.string(),
})
export type AuditExport = z.infer<typeof AuditExport>
