import type { Kernel } from '@adonisjs/core/ace'
import { findSetupError } from '#core/exceptions/setup_error'

/** The shape of Ace's kernel error handler. */
type AceErrorHandler = Kernel['errorHandler']

/**
 * Wraps Ace's error handler so setup errors (a plugin needing a missing
 * database extension, an unknown plugin name) print as their message alone,
 * with a failing exit code even for long-running commands (`node ace worker`).
 * Other errors keep Ace's own rendering.
 */
export function setupAwareErrorHandler(base: AceErrorHandler): AceErrorHandler {
  return {
    async render(error, kernel) {
      const setup = findSetupError(error)
      if (!setup) return base.render(error, kernel)
      process.exitCode = 1
      kernel.ui.logger.logError(`Cannot start: ${setup.message}`)
    },
  }
}
