import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto'
import app from '@adonisjs/core/services/app'
import type { SecretsConfig } from '#config/secrets'

/**
 * A value sealed by the vault: base64 ciphertext with its GCM tag appended, the
 * base64 96-bit IV, and the id of the key that sealed it.
 */
export interface SealedSecret {
  encrypted_value: string
  initialization_vector: string
  key_id: string
}

/** A sealed value could not be opened: unknown key, wrong context, or tampered data. */
export class SecretDecryptionError extends Error {
  constructor(reason: string) {
    super(`The secret cannot be decrypted: ${reason}`)
    this.name = 'SecretDecryptionError'
  }
}

/** One usable AES-256 key and its public id. */
interface VaultKey {
  id: string
  key: Buffer
}

/** The keys in use: the first seals, all of them open. */
interface Keyring {
  current: VaultKey
  byId: Map<string, VaultKey>
}

/** The floor for any key material (APP_KEY's own minimum); SECRETS_KEYS entries need 32. */
const MIN_MATERIAL_LENGTH = 16
const IV_BYTES = 12
const TAG_BYTES = 16
const HKDF_SALT = 'action-insight-pilot/secrets-vault'
const HKDF_INFO = 'aes-256-gcm/v1'

let cached: { source: string[]; keyring: Keyring } | null = null

/**
 * Derives the AES-256 key from a key material with HKDF-SHA256, and its id: a
 * truncated HMAC of the key, which names it without revealing anything.
 */
function deriveKey(material: string): VaultKey {
  if (material.length < MIN_MATERIAL_LENGTH) {
    throw new Error(
      `A secrets key must be at least ${MIN_MATERIAL_LENGTH} characters (see SECRETS_KEYS)`
    )
  }
  const key = Buffer.from(hkdfSync('sha256', material, HKDF_SALT, HKDF_INFO, 32))
  const id = 'k' + createHmac('sha256', key).update('key-id').digest('hex').slice(0, 16)
  return { id, key }
}

/** The keyring built from configuration (`config/secrets.ts`), rebuilt when it changes. */
function keyring(): Keyring {
  const source = app.config.get<SecretsConfig>('secrets').keys
  if (cached && cached.source === source) return cached.keyring
  if (!source.length) throw new Error('The secrets vault has no key configured')
  const keys = source.map(deriveKey)
  const built: Keyring = { current: keys[0], byId: new Map(keys.map((key) => [key.id, key])) }
  cached = { source, keyring: built }
  return built
}

/** Id of the key that seals new values (rows under another id need rotating). */
export function currentSecretKeyId(): string {
  return keyring().current.id
}

/**
 * Encrypts a value with AES-256-GCM under the current key and a fresh random IV.
 * `context` (optional associated data, e.g. the row the value belongs to) is
 * authenticated but not stored: the value only opens with the same context.
 */
export function sealSecret(plaintext: string, context = ''): SealedSecret {
  const { current } = keyring()
  const iv = randomBytes(IV_BYTES)
  const cipher = createCipheriv('aes-256-gcm', current.key, iv, { authTagLength: TAG_BYTES })
  cipher.setAAD(associatedData(current.id, context))
  const body = Buffer.concat([
    cipher.update(plaintext, 'utf8'),
    cipher.final(),
    cipher.getAuthTag(),
  ])
  return {
    encrypted_value: body.toString('base64'),
    initialization_vector: iv.toString('base64'),
    key_id: current.id,
  }
}

/**
 * Decrypts a sealed value with whichever configured key sealed it. Throws
 * SecretDecryptionError when the key is unknown or the ciphertext, IV, key id
 * or context was altered (GCM authentication).
 */
export function openSecret(sealed: SealedSecret, context = ''): string {
  const vaultKey = keyring().byId.get(sealed.key_id)
  if (!vaultKey) throw new SecretDecryptionError(`unknown key id "${sealed.key_id}"`)
  const iv = Buffer.from(sealed.initialization_vector ?? '', 'base64')
  const body = Buffer.from(sealed.encrypted_value ?? '', 'base64')
  if (iv.length !== IV_BYTES || body.length < TAG_BYTES) {
    throw new SecretDecryptionError('malformed ciphertext')
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', vaultKey.key, iv, {
      authTagLength: TAG_BYTES,
    })
    decipher.setAAD(associatedData(vaultKey.id, context))
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES))
    const plain = Buffer.concat([
      decipher.update(body.subarray(0, body.length - TAG_BYTES)),
      decipher.final(),
    ])
    return plain.toString('utf8')
  } catch {
    throw new SecretDecryptionError('authentication failed (tampered data or wrong context)')
  }
}

function associatedData(keyId: string, context: string) {
  return Buffer.from(`aip-secret/v1\u0000${keyId}\u0000${context}`, 'utf8')
}
