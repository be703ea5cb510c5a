import env from '#start/env'

/**
 * Limits of the HTTP server against clients that stall or send hostile input.
 * Every value is documented in docs/guide/limits-and-hardening.md with the
 * reverse-proxy settings to pair it with.
 */
const httpLimits = {
  /** A request's headers must arrive within this time (ms), or the socket gets 408 and is closed. */
  headersTimeoutMs: env.get('HTTP_HEADERS_TIMEOUT', 30_000),
  /** A whole request (headers and body) must arrive within this time (ms). */
  requestTimeoutMs: env.get('HTTP_REQUEST_TIMEOUT', 300_000),
  /** An idle keep-alive connection is closed after this time (ms) without a new request. */
  keepAliveTimeoutMs: env.get('HTTP_KEEP_ALIVE_TIMEOUT', 5_000),
  /** A connection that has not sent its first byte within this time (ms) is closed. */
  idleSocketTimeoutMs: env.get('HTTP_IDLE_SOCKET_TIMEOUT', 10_000),
  /** Open connections accepted at once; 0 leaves it to the process's file descriptor limit. */
  maxConnections: env.get('HTTP_MAX_CONNECTIONS', 0),
  /** Deepest nesting of objects and arrays in a JSON body. */
  jsonMaxDepth: env.get('HTTP_JSON_MAX_DEPTH', 64),
}

export default httpLimits

/** The HTTP limits, as read from the environment. */
export type HttpLimits = typeof httpLimits
