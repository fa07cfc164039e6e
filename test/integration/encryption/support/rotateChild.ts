// A child process that replaces a data folder's database key, to be killed mid-way by
// keyRotationKill.test.ts. Nothing here touches the network; the tripwire still goes in first.
import { installTripwire } from '../../../../src/core/egress/tripwire'
installTripwire({ allowLoopback: false })

const { requestDatabaseKeyRotation, rotateDatabaseKeyIfRequested } =
  await import('../../../../src/core/keys/rotateDatabaseKey')

const dataDir = process.argv[2] ?? ''
requestDatabaseKeyRotation(dataDir, process.env)
process.stdout.write('ready\n')
const started = performance.now()
const rotation = rotateDatabaseKeyIfRequested({ dataDir, env: process.env })
if (rotation?.rotated !== true) throw new Error(`not rotated: ${JSON.stringify(rotation)}`)
process.stdout.write(`done ${Math.round(performance.now() - started)}\n`)
