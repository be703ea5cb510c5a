import { createHash, randomBytes } from 'node:crypto'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { Problem, mailConfig, rawQuery } from '#sdk'

/** What a mailed token is for. */
export type EmailTokenPurpose = 'password_reset' | 'email_verification'

const PREFIX: Record<EmailTokenPurpose, string> = {
  password_reset: 'aip_pr_',
  email_verification: 'aip_ev_',
}

/** SHA-256 of a mailed token, as stored in user_email_tokens.token_hash. */
function hashEmailToken(token: string) {
  return createHash('sha256').update(token).digest('hex')
}

/** Hours a token of this purpose stays valid (MAIL_RESET_TOKEN_TTL_HOURS, MAIL_VERIFY_TOKEN_TTL_HOURS). */
export function emailTokenHours(purpose: EmailTokenPurpose) {
  return purpose === 'password_reset'
    ? mailConfig.resetTokenTtlHours
    : mailConfig.verifyTokenTtlHours
}

function newEmailToken(purpose: EmailTokenPurpose) {
  return PREFIX[purpose] + randomBytes(32).toString('base64url')
}

/**
 * Issues a verification token for the signed-in user's current address, in
 * the request's transaction (through app.issue_email_verification: runtime
 * roles cannot write tokens themselves). Returns the token and the address.
 */
export async function issueOwnVerificationToken(trx: TransactionClientContract) {
  const token = newEmailToken('email_verification')
  const result = await rawQuery(trx, 'select app.issue_email_verification(?, ?) as email', [
    hashEmailToken(token),
    emailTokenHours('email_verification'),
  ])
  return { token, email: String(result.rows[0].email) }
}

/**
 * Issues a single-use, expiring token mailed to `email` (only its hash is
 * stored). Earlier unused tokens of the same purpose stop working, so only the
 * newest mail's link is valid. Runs in the caller's service transaction.
 */
export async function issueEmailToken(
  trx: TransactionClientContract,
  userId: string,
  email: string,
  purpose: EmailTokenPurpose
) {
  const token = newEmailToken(purpose)
  await rawQuery(
    trx,
    `update user_email_tokens set used_at = now()
     where user_id = ? and purpose = ? and used_at is null`,
    [userId, purpose]
  )
  await rawQuery(
    trx,
    `insert into user_email_tokens (user_id, purpose, email, token_hash, expires_at)
     values (?, ?, ?, ?, now() + make_interval(hours => ?))`,
    [userId, purpose, email, hashEmailToken(token), emailTokenHours(purpose)]
  )
  return token
}

/**
 * Spends a token: marks it used and returns its user and address, in one
 * statement so two concurrent uses cannot both succeed. An unknown, used or
 * expired token is a 422 on `token` (the same answer for each, on purpose).
 */
export async function consumeEmailToken(
  trx: TransactionClientContract,
  token: string,
  purpose: EmailTokenPurpose
) {
  const result = await rawQuery(
    trx,
    `update user_email_tokens set used_at = now()
     where token_hash = ? and purpose = ? and used_at is null and expires_at > now()
     returning user_id, email`,
    [hashEmailToken(token), purpose]
  )
  const row = result.rows[0] as { user_id: string; email: string } | undefined
  if (!row) throw Problem.invalidField('token', 'This link is invalid, used or expired')
  return row
}
