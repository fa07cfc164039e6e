import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import {
  AuditHeadsResponse,
  BackendError,
  DeletionReceipt,
  HealthResponse,
  TranscriptUpload,
  UploadReceipt,
} from '../../../src/shared/upload'
import {
  TeamSearchQuery,
  TeamSearchResponse,
  TeamSignalsQuery,
  TeamSignalsResponse,
} from '../../../src/shared/team'
import { repoRoot } from '../../support/paths'

interface OpenApiDocument {
  openapi: string
  paths: Record<
    string,
    Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>
  >
  components: { schemas: Record<string, unknown> }
}

const document = JSON.parse(
  readFileSync(join(repoRoot, 'docs', 'openapi.json'), 'utf8'),
) as OpenApiDocument

/** The zod schemas the client and the reference backend validate with: the contract itself. */
const contract: Record<string, z.ZodType> = {
  AuditHeadsResponse,
  TranscriptUpload,
  UploadReceipt,
  DeletionReceipt,
  HealthResponse,
  BackendError,
  TeamSearchQuery,
  TeamSearchResponse,
  TeamSignalsQuery,
  TeamSignalsResponse,
}

function jsonSchemaOf(schema: z.ZodType): unknown {
  // OpenAPI 3.1 schemas are JSON Schema 2020-12, zod 4's default target; the dialect is declared once
  // for the whole document (jsonSchemaDialect), so the per-schema $schema is left out.
  const generated = z.toJSONSchema(schema, { io: 'input' }) as Record<string, unknown>
  delete generated.$schema
  return generated
}

describe('docs/openapi.json', () => {
  it('is OpenAPI 3.1 with the routes of the contract', () => {
    expect(document.openapi).toBe('3.1.0')
    expect(Object.keys(document.paths['/v1/transcripts'] ?? {})).toEqual(['post'])
    expect(Object.keys(document.paths['/v1/transcripts/{id}'] ?? {})).toEqual(['delete'])
    expect(Object.keys(document.paths['/v1/health'] ?? {})).toEqual(['get'])
    expect(Object.keys(document.paths['/v1/audit-heads/{installId}'] ?? {})).toEqual(['get'])
    expect(
      Object.keys(document.paths['/v1/audit-heads/{installId}/after/{afterSeq}'] ?? {}),
    ).toEqual(['get'])
    expect(Object.keys(document.paths['/v1/search'] ?? {})).toEqual(['get'])
    expect(Object.keys(document.paths['/v1/signals'] ?? {})).toEqual(['get'])
  })

  it("takes the team views' query strings as the zod query schemas, exploded into fields", () => {
    for (const [route, name] of [
      ['/v1/search', 'TeamSearchQuery'],
      ['/v1/signals', 'TeamSignalsQuery'],
    ] as const) {
      const operation = document.paths[route]?.get as unknown as {
        parameters: { in: string; style: string; explode: boolean; schema: { $ref: string } }[]
      }
      expect(operation.parameters).toHaveLength(1)
      expect(operation.parameters[0]).toMatchObject({
        in: 'query',
        style: 'form',
        explode: true,
        schema: { $ref: `#/components/schemas/${name}` },
      })
    }
  })

  for (const [name, schema] of Object.entries(contract)) {
    it(`holds exactly what the zod schema ${name} says`, () => {
      expect(document.components.schemas[name]).toEqual(jsonSchemaOf(schema))
    })
  }

  it('names no schema the contract does not have, and every $ref resolves', () => {
    expect(Object.keys(document.components.schemas).sort()).toEqual(Object.keys(contract).sort())
    const refs = JSON.stringify(document.paths).match(/#\/components\/schemas\/\w+/g) ?? []
    expect(refs.length).toBeGreaterThan(0)
    for (const ref of refs) expect(contract).toHaveProperty(ref.split('/').at(-1) ?? '')
  })
})
