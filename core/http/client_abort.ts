import type { IncomingMessage } from 'node:http'
import { Problem } from '#core/http/problem'

/** Error codes raised when the client went away while its request was read. */
const ABORT_CODES = new Set(['E_REQUEST_ABORTED', 'ECONNABORTED', 'ECONNRESET', 'EPIPE'])

/** Status of a request the client abandoned (nginx's 499 "client closed request"). */
export const CLIENT_CLOSED_STATUS = 499

/**
 * Tells whether an error comes from the client closing its connection before
 * its request was read (an aborted upload), rather than from a platform fault.
 */
export function isClientAbort(error: unknown, request: IncomingMessage): boolean {
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code === 'string' && ABORT_CODES.has(code)) return true
  return !request.complete && (request.destroyed || request.socket?.destroyed === true)
}

/** The problem recorded for an abandoned request (the client no longer reads it). */
export function clientClosedProblem() {
  return new Problem(
    CLIENT_CLOSED_STATUS,
    'client-closed-request',
    'Client Closed Request',
    'The client closed the connection before its request was read'
  )
}
