import env from '#start/env'
import { appKey } from '#config/app'

/**
 * Key material of the secrets vault. The first entry seals new values; every
 * entry opens values it sealed (rows record the key id). By default the only
 * key is derived from APP_KEY; SECRETS_KEYS (comma separated, each at least 32
 * characters) puts new keys in front, and APP_KEY stays available to open rows
 * it sealed until `node ace secrets:rotate` has re-sealed them.
 */
export interface SecretsConfig {
  keys: string[]
}

const configured = (env.get('SECRETS_KEYS')?.release() ?? '')
  .split(',')
  .map((value) => value.trim())
  .filter(Boolean)

if (configured.some((material) => material.length < 32)) {
  throw new Error(
    'Every key in SECRETS_KEYS must be at least 32 characters (generate one with `node ace generate:key --show`)'
  )
}

const appKeyMaterial = appKey.release()

const secretsConfig: SecretsConfig = {
  keys: configured.includes(appKeyMaterial) ? configured : [...configured, appKeyMaterial],
}

export default secretsConfig
