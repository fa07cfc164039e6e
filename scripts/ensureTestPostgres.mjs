// Gives the team-server tests a real PostgreSQL: `EARSHOT_TEST_POSTGRES_URL` if set, else (as root, on a
// Debian-style machine where `.ci/run` installed the `postgresql` package) the local cluster, started
// and given a throwaway role and database. Returns the URL, or null with the reason printed, so the
// PostgreSQL tests then fail with that one sentence instead of being skipped.
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'

const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { encoding: 'utf8', ...opts })

/** @returns {string | null} */
export function ensureTestPostgres() {
  if (process.env.EARSHOT_TEST_POSTGRES_URL) return process.env.EARSHOT_TEST_POSTGRES_URL
  const clusters = run('pg_lsclusters', ['--no-header'])
  if (clusters.status !== 0) {
    process.stdout.write(
      'PostgreSQL: pg_lsclusters not found; install `postgresql` or set EARSHOT_TEST_POSTGRES_URL.\n',
    )
    return null
  }
  const [version, name, port, status] = clusters.stdout.trim().split('\n')[0]?.split(/\s+/) ?? []
  if (!version || !name || !port) {
    process.stdout.write(
      'PostgreSQL: no cluster exists; create one or set EARSHOT_TEST_POSTGRES_URL.\n',
    )
    return null
  }
  if (process.getuid?.() !== 0) {
    process.stdout.write(
      'PostgreSQL: not root, so the local cluster cannot be prepared; set EARSHOT_TEST_POSTGRES_URL.\n',
    )
    return null
  }
  if (status !== 'online' && run('pg_ctlcluster', [version, name, 'start']).status !== 0) {
    process.stdout.write(`PostgreSQL: pg_ctlcluster ${version} ${name} start failed.\n`)
    return null
  }
  // A fresh password per run: the role exists only for tests on loopback, and no secret sits in the repo.
  const password = randomBytes(18).toString('hex')
  const sql = [
    `DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'earshot_test') THEN CREATE ROLE earshot_test LOGIN CREATEDB; END IF; END $$;`,
    `ALTER ROLE earshot_test WITH LOGIN CREATEDB PASSWORD '${password}';`,
  ].join('\n')
  const psql = (args, input) =>
    run(
      'runuser',
      ['-u', 'postgres', '--', 'psql', '-p', port, '-v', 'ON_ERROR_STOP=1', '-qAt', ...args],
      { input },
    )
  const role = psql(['-d', 'postgres'], sql)
  if (role.status !== 0) {
    process.stdout.write(`PostgreSQL: could not prepare the test role: ${role.stderr.trim()}\n`)
    return null
  }
  const exists = psql([
    '-d',
    'postgres',
    '-c',
    "SELECT 1 FROM pg_database WHERE datname = 'earshot_test'",
  ])
  if (exists.stdout.trim() !== '1') {
    const created = psql([
      '-d',
      'postgres',
      '-c',
      'CREATE DATABASE earshot_test OWNER earshot_test',
    ])
    if (created.status !== 0) {
      process.stdout.write(
        `PostgreSQL: could not create the test database: ${created.stderr.trim()}\n`,
      )
      return null
    }
  }
  return `postgres://earshot_test:${password}@127.0.0.1:${port}/earshot_test`
}
