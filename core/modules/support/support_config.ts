import { env } from '#sdk'

/** Settings of the support desk. */
export interface SupportConfig {
  /** Anonymous tickets accepted per client IP and workspace per hour. */
  publicTicketsPerHour: number
}

const supportConfig: SupportConfig = {
  publicTicketsPerHour: env.get('SUPPORT_PUBLIC_TICKETS_PER_HOUR', 10),
}

export default supportConfig
