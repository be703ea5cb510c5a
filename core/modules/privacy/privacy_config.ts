import { env } from '#sdk'

/**
 * Privacy / GDPR settings: how long export archives (and their signed download
 * URLs) live, and how long a deletion request waits for its confirmation.
 */
const privacyConfig = {
  exportTtlHours: env.get('PRIVACY_EXPORT_TTL_HOURS', 168),
  deletionConfirmMinutes: env.get('PRIVACY_DELETION_CONFIRM_MINUTES', 30),
}

export default privacyConfig
