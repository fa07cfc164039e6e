import packageJson from '../../../package.json' with { type: 'json' }

/** Earshot's version as released, sent with uploads so a backend can tell clients apart. */
export const APP_VERSION: string = packageJson.version
