import env from '#start/env'
import { appUrl } from '#config/app'

/** The SMTP relay the platform sends through. */
export interface SmtpSettings {
  host: string
  port: number
  /** TLS from the first byte (465); otherwise STARTTLS when offered. */
  secure: boolean
  user: string | null
  password: string | null
  maxConnections: number
}

/**
 * Mail settings: the SMTP relay (null: no relay, messages are kept in the
 * development outbox instead of being dropped), the platform's own sender, and
 * how long the links of transactional mail stay valid.
 */
export interface MailConfig {
  smtp: SmtpSettings | null
  from: { address: string; name: string }
  resetTokenTtlHours: number
  verifyTokenTtlHours: number
  /** Base URL of the pages that open links from mail (`/reset-password?token=…`, …). */
  linkBaseUrl: string
}

const host = env.get('SMTP_HOST')?.trim()

const mailConfig: MailConfig = {
  smtp: host
    ? {
        host,
        port: env.get('SMTP_PORT', env.get('SMTP_SECURE', false) ? 465 : 587),
        secure: env.get('SMTP_SECURE', false),
        user: env.get('SMTP_USER') ?? null,
        password: env.get('SMTP_PASSWORD')?.release() ?? null,
        maxConnections: env.get('SMTP_MAX_CONNECTIONS', 5),
      }
    : null,
  from: {
    address: env.get('MAIL_FROM_ADDRESS', 'no-reply@localhost.localdomain'),
    name: env.get('MAIL_FROM_NAME', 'Action Insight Pilot'),
  },
  resetTokenTtlHours: env.get('MAIL_RESET_TOKEN_TTL_HOURS', 2),
  verifyTokenTtlHours: env.get('MAIL_VERIFY_TOKEN_TTL_HOURS', 48),
  linkBaseUrl: (env.get('MAIL_LINK_BASE_URL') ?? appUrl).replace(/\/+$/, ''),
}

export default mailConfig
