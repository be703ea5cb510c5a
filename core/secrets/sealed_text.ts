import { openSecret, sealSecret } from '#core/secrets/secret_cipher'

/**
 * The seed keeps each token in one text column (`access_token_encrypted`, …).
 * These helpers store a value sealed by the vault's cipher (AES-256-GCM, fresh
 * IV, key id for rotation) in such a column as `<key_id>.<iv>.<ciphertext>`.
 * The purpose (e.g. `oauth.refresh_token`) is authenticated as the cipher's
 * context, so a value copied into another column does not open.
 */
const SEPARATOR = '.'

/** What a sealed column holds; authenticated with the value. */
export type SealPurpose =
  | 'oauth.access_token'
  | 'oauth.refresh_token'
  | 'oauth.code_verifier'
  | 'integration.credentials'
  | 'webhook.secret'
  | 'mail.dkim_private_key'
  | 'embed.secret_key'

/** Seals a value for a `*_encrypted` text column. */
export function sealText(plaintext: string, purpose: SealPurpose): string {
  const sealed = sealSecret(plaintext, purpose)
  return [sealed.key_id, sealed.initialization_vector, sealed.encrypted_value].join(SEPARATOR)
}

/** Opens a value written by sealText(); throws when it was tampered with or its key is gone. */
export function openText(stored: string, purpose: SealPurpose): string {
  const parts = stored.split(SEPARATOR)
  if (parts.length !== 3 || parts.some((part) => !part)) {
    throw new Error('The stored value is not a sealed secret')
  }
  const [keyId, iv, ciphertext] = parts
  return openSecret(
    { key_id: keyId, initialization_vector: iv, encrypted_value: ciphertext },
    purpose
  )
}
