// A child process that opens a data folder the way every start does, to be killed mid-way by
// migrationKill.test.ts. Nothing here touches the network; the tripwire still goes in first.
import { installTripwire } from '../../../../src/core/egress/tripwire'
installTripwire({ allowLoopback: false })

const { dataDirPath } = await import('../../../../src/core/config/dataDirLayout')
const { resolveDatabaseKey } = await import('../../../../src/core/keys/resolveDatabaseKey')
const { encryptInPlace } = await import('../../../../src/core/store/encryptInPlace')

const dataDir = process.argv[2] ?? ''
const { key } = resolveDatabaseKey({ dataDir, env: process.env })
process.stdout.write('ready\n')
const started = performance.now()
encryptInPlace(dataDirPath(dataDir, 'database'), key)
encryptInPlace(dataDirPath(dataDir, 'auditLog'), key)
process.stdout.write(`done ${Math.round(performance.now() - started)}\n`)
