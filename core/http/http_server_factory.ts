import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import logger from '@adonisjs/core/services/logger'
import httpLimits, { type HttpLimits } from '#config/http_limits'
import { markTimedOut } from '#core/http/client_abort'

/** What the server answers on a socket whose request it could not read (no request object exists). */
const CLIENT_ERROR_STATUS: Record<string, string> = {
  ERR_HTTP_REQUEST_TIMEOUT: '408 Request Timeout',
  HPE_HEADER_OVERFLOW: '431 Request Header Fields Too Large',
  HPE_CHUNK_EXTENSIONS_OVERFLOW: '413 Payload Too Large',
}

/** Error codes of a peer that went away: nothing to answer, nothing to report. */
const PEER_GONE = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED'])

/** Shortest pause between two drop warnings (a flood would otherwise fill the log). */
const DROP_LOG_INTERVAL_MS = 10_000

/** The request handler AdonisJS gives the server factory. */
type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void

/**
 * Creates the Node HTTP server of the platform with bounded socket lifetimes:
 * headers and whole-request timeouts, keep-alive timeout, a first-byte timeout
 * for connections that never send anything, and an optional connection cap.
 * Used by the server entrypoint and by the test server, so both behave alike.
 */
export function createHttpServer(handler: RequestHandler, limits: HttpLimits = httpLimits): Server {
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      // How often Node checks the two timeouts above (its default is 30 s).
      connectionsCheckingInterval: Math.max(
        100,
        Math.min(1_000, limits.headersTimeoutMs, limits.requestTimeoutMs || Infinity)
      ),
    },
    handler
  )
  if (limits.maxConnections > 0) server.maxConnections = limits.maxConnections
  server.on('connection', (socket: Socket) => closeIfSilent(socket, limits.idleSocketTimeoutMs))
  server.on('clientError', answerClientError)
  server.on('drop', logDrops(limits.maxConnections))
  return server
}

/** Closes a connection that has sent no byte within `timeoutMs` (0 disables it). */
function closeIfSilent(socket: Socket, timeoutMs: number) {
  if (timeoutMs <= 0) return
  const timer = setTimeout(() => {
    if (socket.bytesRead > 0 || socket.destroyed) return
    logger.info(
      { remote_address: socket.remoteAddress, idle_ms: timeoutMs },
      'closed idle connection: no request received'
    )
    socket.destroy()
  }, timeoutMs)
  timer.unref()
  socket.once('close', () => clearTimeout(timer))
}

/**
 * Answers a request the server could not read (timeout, malformed or oversized
 * headers) the way Node does by default, and logs it below error level: these
 * come from clients, not from faults of the platform.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex) {
  const code = error.code ?? 'unknown'
  const remoteAddress = (socket as Socket).remoteAddress
  if (PEER_GONE.has(code)) {
    logger.debug({ code, remote_address: remoteAddress }, 'client connection reset')
    socket.destroy()
    return
  }
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    markTimedOut(socket)
    logger.info(
      { code, remote_address: remoteAddress },
      'closed stalled connection: request not received in time'
    )
  } else {
    logger.debug({ code, remote_address: remoteAddress }, 'rejected unreadable request')
  }
  const inFlight = (socket as Duplex & { _httpMessage?: ServerResponse })._httpMessage
  if (socket.writable && !inFlight?.headersSent) {
    const status = CLIENT_ERROR_STATUS[code] ?? '400 Bad Request'
    socket.write(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
  }
  socket.destroy()
}

/** Logs connections dropped at the connection cap, at most once per interval with their count. */
function logDrops(maxConnections: number) {
  let dropped = 0
  let lastLog = 0
  return () => {
    dropped += 1
    const now = Date.now()
    if (now - lastLog < DROP_LOG_INTERVAL_MS) return
    logger.warn(
      { dropped, max_connections: maxConnections },
      'connections refused: HTTP_MAX_CONNECTIONS reached'
    )
    lastLog = now
    dropped = 0
  }
}
