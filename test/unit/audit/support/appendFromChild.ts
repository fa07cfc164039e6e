// Run as a separate process by AuditLog.test.ts: appends argv[3] entries to the log at argv[2].
import { AuditLog } from '../../../../src/core/audit/AuditLog'

const [path, count, tag] = process.argv.slice(2)
if (path === undefined || count === undefined || tag === undefined)
  throw new Error('usage: path count tag')
const log = AuditLog.open(path)
for (let i = 0; i < Number(count); i += 1) {
  log.append({
    kind: 'attempt',
    purpose: 'upload',
    destination: 'https://api.earshot.example/v1/transcripts',
    method: 'POST',
    payload: Buffer.from(JSON.stringify({ writer: tag, i })),
    status: null,
    reason: null,
  })
}
log.close()
