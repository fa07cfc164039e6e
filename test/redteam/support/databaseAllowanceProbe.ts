// Run as its own process, with the CLI's tripwire (loopback closed) installed first: what may the
// team server's process reach once it was told its PostgreSQL URL? Prints one JSON line.
import '../../../src/cli/tripwireFirst'
import pg from 'pg'
import { PostgresTeamStore } from '../../../src/backend/store/postgres/PostgresTeamStore'
import {
  allowDatabaseEndpoint,
  openDatabaseSocket,
} from '../../../src/core/egress/databaseEndpoint'

const url = process.argv[2] ?? ''
const { hostname, port } = new URL(url)
const outcome = async (attempt: () => Promise<unknown>): Promise<string> => {
  try {
    await attempt()
    return 'allowed'
  } catch (error) {
    return error instanceof Error ? `refused: ${error.message}` : 'refused'
  }
}

const before = await outcome(async () => {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  await client.end()
})
const store = await PostgresTeamStore.open(url)
const members = await store.listMembers()
const plainAfter = await outcome(async () => {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  await client.end()
})
const otherPort = await outcome(() => {
  const socket = openDatabaseSocket()
  socket.on('error', () => undefined)
  socket.connect(Number(port) + 1, hostname)
  return Promise.resolve()
})
const secondEndpoint = await outcome(() => {
  allowDatabaseEndpoint(hostname, Number(port) + 1)
  return Promise.resolve()
})
await store.close()
process.stdout.write(
  JSON.stringify({ before, storeMembers: members.length, plainAfter, otherPort, secondEndpoint }) +
    '\n',
)
