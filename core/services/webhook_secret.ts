import { createHmac, randomBytes } from 'node:crypto'
import encryption from '@adonisjs/core/services/encryption'

/** Prefix of Standard Webhooks secrets. */
export const SECRET_PREFIX = 'whsec_'
const PURPOSE = 'webhook-secret'

/**
 * A new Standard Webhooks signing secret: `whsec_` + base64 of 32 random
 * bytes. Shown to the user once (creation and rotation).
 */
export function newWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64')
}

/** Seals a secret for storage (AES-256-GCM under APP_KEY): the database never holds it in clear. */
export function sealWebhookSecret(secret: string): string {
  return encryption.encrypt(secret, { purpose: PURPOSE })
}

/** Opens a sealed secret; throws when it was tampered with or sealed under another key. */
export function openWebhookSecret(sealed: string): string {
  const secret = encryption.decrypt<string>(sealed, PURPOSE)
  if (typeof secret !== 'string') throw new Error('The webhook secret cannot be opened')
  return secret
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
