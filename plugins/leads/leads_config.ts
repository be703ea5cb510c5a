import { env } from '#sdk'

/** Typed settings of the leads plugin (see docs/guide/leads.md, "Limits"). */
export interface LeadsConfig {
  /** Largest CSV file accepted by an import, in bytes. */
  importMaxBytes: number
  /** Most data rows in one CSV import. */
  importMaxRows: number
}

/** The leads plugin's settings, read once from the environment. */
export default {
  importMaxBytes: env.get('LEADS_IMPORT_MAX_BYTES', 10 * 1024 * 1024),
  importMaxRows: env.get('LEADS_IMPORT_MAX_ROWS', 50_000),
} satisfies LeadsConfig
