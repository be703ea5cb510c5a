import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

/**
 * Returns the APP_KEY to use when none is configured: outside production a key is
 * generated once and kept in `<dataDir>/app-key` so that a fresh clone runs with
 * no configuration and restarts keep their tokens and encrypted values.
 */
export function resolveAppKey(
  configured: string | undefined,
  dataDir: string,
  production: boolean
) {
  if (configured) return configured
  if (production) {
    throw new Error('APP_KEY is required in production: generate one with `node ace generate:key`')
  }
  const file = join(dataDir, 'app-key')
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  const key = randomBytes(32).toString('base64url')
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 })
  writeFileSync(file, key, { mode: 0o600 })
  return key
}
