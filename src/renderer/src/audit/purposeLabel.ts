import type { AuditPurposeName } from '../../../shared/auditViews'

const labels: Readonly<Record<AuditPurposeName, string>> = {
  upload: 'upload',
  deletion: 'deletion',
  analytics: 'analytics',
  'model-download': 'model-download',
  // Not a network send: what `earshot mcp` showed an LLM client over stdio (issue 13).
  mcp: 'LLM client (MCP)',
  // Only in the team server's own log (its deliveries to webhooks, Slack, HubSpot; issue 12).
  delivery: 'team server delivery',
  // The backend health check of Settings and `earshot backend check`: no body.
  'connection-test': 'connection test',
}

/** How the Audit Log names a purpose; one it does not know is shown as it is stored. */
export function purposeLabel(purpose: string): string {
  return Object.hasOwn(labels, purpose) ? labels[purpose as AuditPurposeName] : purpose
}
