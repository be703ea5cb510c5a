import { env } from '#sdk'

/** Settings of the email plugin's sending (docs/guide/configuration.md, "Email plugin"). */
export interface EmailConfig {
  /** Recipients one sending job claims at a time. */
  batchSize: number
  /** Sending jobs started per campaign (each holds one SMTP connection at a time). */
  concurrency: number
  /** Messages per second per sending job; 0 for no limit (the relay's own limits apply). */
  maxPerSecond: number
}

const emailConfig: EmailConfig = {
  batchSize: Math.max(1, env.get('EMAIL_SEND_BATCH_SIZE', 50)),
  concurrency: Math.max(1, env.get('EMAIL_SEND_CONCURRENCY', 2)),
  maxPerSecond: Math.max(0, env.get('EMAIL_SEND_MAX_PER_SECOND', 0)),
}

export default emailConfig
