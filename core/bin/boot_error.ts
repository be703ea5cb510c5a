import { prettyPrintError } from '@adonisjs/core'
import { findSetupError } from '#core/exceptions/setup_error'

/**
 * Prints an error that stopped an entry point (server, ace, tests) and sets a
 * failing exit code. Setup errors (a plugin needing a missing extension, an
 * unknown plugin name) are the operator's to fix: their message is printed
 * alone, as one readable line; anything else gets the framework's pretty print
 * with its stack.
 */
export function printBootError(error: unknown) {
  process.exitCode = 1
  const setup = findSetupError(error)
  if (setup) {
    process.stderr.write(`Cannot start: ${setup.message}\n`)
    return
  }
  return prettyPrintError(error)
}
