import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto'
import {
  Problem,
  openText,
  platformSender,
  rawQuery,
  sealText,
  tenant,
  type DkimKey,
  type MailAddress,
} from '#sdk'
import { senderIdentityResource } from './sender_identity_resource.js'

/** The sender a workspace's mail goes out with: from, reply-to, DKIM key. */
export interface WorkspaceSender {
  from: MailAddress
  replyTo: string | null
  dkim: DkimKey | null
}

/** The current workspace's sender identity row, or null. */
export async function findSenderIdentity() {
  return senderIdentityResource.query(tenant().trx, 's').first()
}

/**
 * Checks a PEM private key (RSA, at least 1024 bits; Ed25519 is allowed too)
 * and returns the base64 public key for the DNS record; 422 otherwise.
 */
export function dkimPublicKey(privateKeyPem: string) {
  let key
  try {
    key = createPrivateKey(privateKeyPem)
  } catch {
    throw Problem.invalidField('dkim_private_key', 'This is not a PEM private key')
  }
  const type = key.asymmetricKeyType
  if (type === 'rsa') {
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0
    if (bits < 1024)
      throw Problem.invalidField('dkim_private_key', 'RSA keys need 1024 bits or more')
  } else if (type !== 'ed25519') {
    throw Problem.invalidField('dkim_private_key', 'DKIM keys are RSA or Ed25519')
  }
  const der = createPublicKey(key).export({ type: 'spki', format: 'der' })
  return der.toString('base64')
}

/** A new 2048-bit RSA DKIM key pair (PEM private key, base64 public key). */
export function generateDkimKey() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
  return { pem, publicKey: dkimPublicKey(pem) }
}

/**
 * Creates or replaces the current workspace's sender identity. The DKIM key
 * (given or generated) is sealed under the secrets vault key.
 */
export async function saveSenderIdentity(input: {
  from_email: string
  from_name?: string | null
  reply_to?: string | null
  dkim_domain?: string | null
  dkim_selector?: string | null
  dkim_private_key?: string | null
  generate_dkim_key?: boolean
}) {
  const { trx, workspaceId, userId } = tenant()
  let dkim: { domain: string; selector: string; sealed: string; publicKey: string } | null = null
  const wantsKey = input.generate_dkim_key || input.dkim_private_key
  if (wantsKey) {
    if (!input.dkim_domain) throw Problem.invalidField('dkim_domain', 'A DKIM key needs its domain')
    if (!input.dkim_selector)
      throw Problem.invalidField('dkim_selector', 'A DKIM key needs its selector')
    const pem = input.dkim_private_key ?? generateDkimKey().pem
    dkim = {
      domain: input.dkim_domain.toLowerCase(),
      selector: input.dkim_selector,
      sealed: sealText(pem, 'mail.dkim_private_key'),
      publicKey: dkimPublicKey(pem),
    }
  }
  const keepKey = !wantsKey && input.dkim_domain === undefined
  await rawQuery(
    trx,
    `insert into mail_sender_identities
       (workspace_id, from_email, from_name, reply_to, dkim_domain, dkim_selector,
        dkim_private_key_encrypted, dkim_public_key, created_by)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?)
     on conflict (workspace_id) do update set
       from_email = excluded.from_email,
       from_name = excluded.from_name,
       reply_to = excluded.reply_to,
       dkim_domain = case when ? then mail_sender_identities.dkim_domain else excluded.dkim_domain end,
       dkim_selector = case when ? then mail_sender_identities.dkim_selector else excluded.dkim_selector end,
       dkim_private_key_encrypted = case when ? then mail_sender_identities.dkim_private_key_encrypted else excluded.dkim_private_key_encrypted end,
       dkim_public_key = case when ? then mail_sender_identities.dkim_public_key else excluded.dkim_public_key end`,
    [
      workspaceId,
      input.from_email,
      input.from_name ?? null,
      input.reply_to ?? null,
      dkim?.domain ?? null,
      dkim?.selector ?? null,
      dkim?.sealed ?? null,
      dkim?.publicKey ?? null,
      userId,
      keepKey,
      keepKey,
      keepKey,
      keepKey,
    ]
  )
  return (await findSenderIdentity())!
}

/**
 * The sender of the current workspace's mail: its identity (DKIM key opened)
 * or the platform's sender. Read in a short transaction before sending.
 */
export async function workspaceSender(): Promise<WorkspaceSender> {
  const { trx } = tenant()
  const row = await trx
    .from('mail_sender_identities')
    .select(
      'from_email',
      'from_name',
      'reply_to',
      'dkim_domain',
      'dkim_selector',
      'dkim_private_key_encrypted'
    )
    .first()
  if (!row) return { from: platformSender(), replyTo: null, dkim: null }
  return {
    from: { name: row.from_name ?? undefined, address: row.from_email },
    replyTo: row.reply_to,
    dkim: row.dkim_private_key_encrypted
      ? {
          domainName: row.dkim_domain,
          keySelector: row.dkim_selector,
          privateKey: openText(row.dkim_private_key_encrypted, 'mail.dkim_private_key'),
        }
      : null,
  }
}
