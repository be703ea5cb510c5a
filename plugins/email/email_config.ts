import { env } from '#sdk'

/** Settings of the email plugin's sending (docs/guide/configuration.md, "Email plugin"). */
export interface EmailConfig {
  /** Recipients one sending job claims at a time. */
  batchSize: number
  /** Sending jobs started per campaign (each holds one SMTP connection at a time). */
  concurrency: number
  /** Messages per second per sending job; 0 for no limit (the relay's own limits apply). */
  maxPerSecond: number
  /**
   * Seconds after which a row another job marked `sending` counts as abandoned
   * (its worker died) and is sent again: three batches' worth of time at the
   * rate limit, at least 30 s.
   */
  claimTimeoutSeconds: number
  /** Soft bounces (4.x.x) of one address within the window that suppress it. */
  softBounceLimit: number
  /** Days over which soft bounces are counted. */
  softBounceWindowDays: number
}

const batchSize = Math.max(1, env.get('EMAIL_SEND_BATCH_SIZE', 50))
const maxPerSecond = Math.max(0, env.get('EMAIL_SEND_MAX_PER_SECOND', 0))

const emailConfig: EmailConfig = {
  batchSize,
  concurrency: Math.max(1, env.get('EMAIL_SEND_CONCURRENCY', 2)),
  maxPerSecond,
  claimTimeoutSeconds: Math.max(30, maxPerSecond ? Math.ceil((3 * batchSize) / maxPerSecond) : 0),
  softBounceLimit: Math.max(1, env.get('EMAIL_SOFT_BOUNCE_LIMIT', 3)),
  softBounceWindowDays: Math.max(1, env.get('EMAIL_SOFT_BOUNCE_WINDOW_DAYS', 7)),
}

export default emailConfig
