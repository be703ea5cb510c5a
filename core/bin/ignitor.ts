import { Ignitor } from '@adonisjs/core'

/**
 * URL of the project root: the Adonis application lives at the top level of the
 * repository even though its code sits under `core/`.
 */
export const APP_ROOT = new URL('../../', import.meta.url)

/**
 * Imports files in the context of the application (relative to the project root).
 */
const IMPORTER = (filePath: string) => {
  if (filePath.startsWith('./') || filePath.startsWith('../')) {
    return import(new URL(filePath, APP_ROOT).href)
  }
  return import(filePath)
}

/**
 * Creates the Ignitor shared by the server, console and test entrypoints, so the
 * three boot the application identically (env validation, signal handling).
 */
export function createIgnitor() {
  return new Ignitor(APP_ROOT, { importer: IMPORTER }).tap((app) => {
    app.booting(async () => {
      await import('#start/env')
    })
    // Spans still buffered are exported before the process ends.
    app.terminating(async () => {
      const { stopTracing } = await import('#core/observability/tracing')
      await stopTracing()
    })
    app.listen('SIGTERM', () => app.terminate())
    app.listen('SIGINT', () => app.terminate())
  })
}
