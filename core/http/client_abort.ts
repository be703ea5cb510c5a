import type { IncomingMessage } from 'node:http'
import { Problem } from '#core/http/problem'

/** Error codes raised when the client went away while its request was read. */
const ABORT_CODES = new Set(['E_REQUEST_ABORTED', 'ECONNABORTED', 'ECONNRESET', 'EPIPE'])

/** Status of a request the client abandoned (nginx's 499 "client closed request"). */
export const CLIENT_CLOSED_STATUS = 499

/** Sockets the server itself closed for a request timeout (see the HTTP server factory). */
const timedOutSockets = new WeakSet<object>()

/** Records that the server closes `socket` because its request did not arrive in time. */
export function markTimedOut(socket: object) {
  timedOutSockets.add(socket)
}

/** Tells whether the server closed the request's socket for a request timeout. */
export function wasTimedOut(request: IncomingMessage) {
  return request.socket !== null && timedOutSockets.has(request.socket)
}

/**
 * Tells whether an error comes from the client closing its connection before
 * its request was read (an aborted upload), rather than from a platform fault.
 */
export function isClientAbort(error: unknown, request: IncomingMessage): boolean {
  if (wasTimedOut(request)) return false
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

/** The problem recorded for a request whose body did not arrive within HTTP_REQUEST_TIMEOUT. */
export function requestTimeoutProblem() {
  return new Problem(
    408,
    'request-timeout',
    'Request Timeout',
    'The request was not received within the time limit'
  )
}
