import { createHmac, randomBytes } from 'node:crypto'
import { openText, sealText } from '#sdk'

/** Prefix of Standard Webhooks secrets. */
export const SECRET_PREFIX = 'whsec_'

/**
 * A new Standard Webhooks signing secret: `whsec_` + base64 of 32 random
 * bytes. Shown to the user once (creation and rotation).
 */
export function newWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64')
}

/**
 * Seals a secret for storage with the vault's cipher (AES-256-GCM, fresh IV,
 * key id), as `<key_id>.<iv>.<ciphertext>`: the database never holds it in
 * clear, and `node ace secrets:rotate` re-seals it when the vault key changes.
 */
export function sealWebhookSecret(secret: string): string {
  return sealText(secret, 'webhook.secret')
}

/** Opens a sealed secret; throws when it was tampered with or its key is no longer configured. */
export function openWebhookSecret(sealed: string): string {
  return openText(sealed, 'webhook.secret')
}

/**
 * The Standard Webhooks signature header value: `v1,` + base64 of
 * HMAC-SHA256 over `<id>.<timestamp>.<body>`, keyed with the secret's decoded bytes.
 */
export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(6) : secret, 'base64')
  const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')
  return `v1,${signature}`
}
