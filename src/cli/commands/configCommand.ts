import { TRACKER_SETTING_KEYS } from '../../core/derive/signals/configuredTrackers'
import { parseArgs } from 'node:util'
import { isSettingKey, settingKeys, settingsSchema } from '../../shared/settings'
import { moveDatabaseKeyFile } from '../../core/keys/moveDatabaseKeyFile'
import { KEY_FILE_PROTECTION_NOTE, resolveDatabaseKey } from '../../core/keys/resolveDatabaseKey'
import type { CliContext } from '../context'
import { UsageError } from '../errors'
import type { CommandHelp } from '../commandHelp'

/** A value typed on the command line: JSON where it parses (true, 4, null), else the plain string. */
function parseValue(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

/** `earshot config get [key]` · `earshot config set <key> <value>` */
export function configCommand(ctx: CliContext, args: string[]): number {
  const { positionals } = parseArgs({ args, options: {}, allowPositionals: true })
  const [action, key, value, ...extra] = positionals
  if (key === STORAGE_KEY_FILE) return keyFileSetting(ctx, action, value, extra)
  const settings = ctx.openCore().settings
  if (key !== undefined && !isSettingKey(key)) {
    throw new UsageError(`unknown setting '${key}'; known settings: ${settingKeys.join(', ')}`)
  }
  if (action === 'get' && value === undefined) {
    if (key === undefined) {
      const all = settings.all()
      ctx.print(
        Object.entries(all)
          .map(([k, v]) => `${k} = ${JSON.stringify(v)}\n`)
          .join(''),
        all,
      )
    } else {
      const current = settings.get(key)
      ctx.print(`${typeof current === 'string' ? current : JSON.stringify(current)}\n`, {
        [key]: current,
      })
    }
    return 0
  }
  if (action === 'set' && key !== undefined && value !== undefined && extra.length === 0) {
    // A string setting takes the text as typed ("true" stays text); others get JSON-typed values.
    const typed = settingsSchema[key].safeParse(value).success ? value : parseValue(value)
    const stored = settings.set(key, typed)
    // Stored signals were found with the old trackers; derive them again so list, search by
    // tracker, insights and uploads agree with the new ones. Silent: the output shape stays.
    if (TRACKER_SETTING_KEYS.includes(key)) ctx.openCore().rederiveAll()
    ctx.print(`${key} = ${JSON.stringify(stored)}\n`, { [key]: stored })
    return 0
  }
  throw new UsageError('use `config get [key]` or `config set <key> <value>`')
}

/**
 * Where the database key file is: kept outside earshot.db (it is what opens it), so not one of the
 * settings above. Whenever it is shown, so is what a key file protects against (issue 13).
 */
const STORAGE_KEY_FILE = 'storage.keyFile'

function keyFileSetting(
  ctx: CliContext,
  action: string | undefined,
  value: string | undefined,
  extra: string[],
): number {
  if (action === 'get' && value === undefined) {
    const resolved = resolveDatabaseKey({ dataDir: ctx.dataDir, env: ctx.io.env })
    ctx.print(
      resolved.keyFile === null
        ? `(no key file: the key comes from EARSHOT_DB_KEY)\n`
        : `${resolved.keyFile}\n${KEY_FILE_PROTECTION_NOTE}\n`,
      { [STORAGE_KEY_FILE]: resolved.keyFile },
    )
    return 0
  }
  if (action === 'set' && value !== undefined && extra.length === 0) {
    const moved = moveDatabaseKeyFile({ dataDir: ctx.dataDir, env: ctx.io.env, to: value })
    ctx.print(`${STORAGE_KEY_FILE} = ${JSON.stringify(moved)}\n${KEY_FILE_PROTECTION_NOTE}\n`, {
      [STORAGE_KEY_FILE]: moved,
    })
    return 0
  }
  throw new UsageError(
    `use \`config get ${STORAGE_KEY_FILE}\` or \`config set ${STORAGE_KEY_FILE} <path>\``,
  )
}

/** `earshot config --help` and `earshot help config`. */
export const configHelp: CommandHelp = {
  usage: ['config get [key]', 'config set <key> <value>'],
  summary: 'Read or change the settings of this data folder.',
  flags: [],
  examples: [
    'config get',
    'config set model.path ~/models/ggml-base.en.bin',
    'config set storage.keyFile /media/usb/earshot-database.key',
  ],
}
