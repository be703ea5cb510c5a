import type { PGLiteSocketServer } from '@electric-sql/pglite-socket'

/** Extended-protocol messages after which the same client must continue until Sync. */
const EXTENDED = new Set(['P', 'B', 'D', 'E', 'C', 'H'].map((letter) => letter.charCodeAt(0)))

interface QueuedMessage {
  handlerId: number
  message: Uint8Array
  resolve: (bytes: number) => void
  reject: (error: unknown) => void
  onData: (data: Uint8Array) => void
}

interface QueryQueue {
  queue: QueuedMessage[]
  processing: boolean
  lastHandlerId: number | null
  db: {
    isInTransaction(): boolean
    runExclusive<T>(fn: () => Promise<T>): Promise<T>
    execProtocolRawStream(
      message: Uint8Array,
      options: { onRawData: (data: Uint8Array) => void }
    ): Promise<void>
  }
  processQueue(): Promise<void>
  clearQueueForHandler(handlerId: number): void
}

/**
 * pglite-socket multiplexes every client onto one PGlite session and keeps a
 * client's messages together only inside an explicit transaction. Outside one,
 * the Parse/Bind/Execute/Sync messages of two clients' parameterised queries
 * can interleave, and one client's Bind then meets the other's unnamed
 * statement ("bind message supplies 1 parameters, but prepared statement \"\"
 * requires 2"). This gives the queue the missing rule: once a client has sent
 * an extended-protocol message, only that client's messages are processed
 * until its Sync. It replaces the queue's scheduler on this server instance;
 * everything else (execution, responses) is the library's own.
 */
export function installProtocolAffinity(server: PGLiteSocketServer) {
  const queue = (server as unknown as { queryQueue: QueryQueue }).queryQueue
  if (!queue || typeof queue.processQueue !== 'function') {
    throw new Error(
      'pglite-socket internals changed: review core/database/pglite_protocol_affinity.ts'
    )
  }
  let mid: number | null = null

  queue.processQueue = async function processQueue(this: QueryQueue) {
    if (this.processing || this.queue.length === 0) return
    this.processing = true
    try {
      while (this.queue.length > 0) {
        const owner = mid ?? (this.db.isInTransaction() ? this.lastHandlerId : null)
        let item: QueuedMessage | undefined
        if (owner !== null) {
          const index = this.queue.findIndex((queued) => queued.handlerId === owner)
          if (index === -1) break
          item = this.queue.splice(index, 1)[0]
        } else {
          item = this.queue.shift()
        }
        if (!item) break
        let bytes = 0
        try {
          const current = item
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(current.message, {
              onRawData: (data) => {
                bytes += data.length
                current.onData(data)
              },
            })
          )
        } catch (error) {
          mid = null
          item.reject(error)
          continue
        }
        mid = EXTENDED.has(item.message[0]) ? item.handlerId : null
        this.lastHandlerId = item.handlerId
        item.resolve(bytes)
      }
    } finally {
      this.processing = false
    }
  }.bind(queue)

  const clear = queue.clearQueueForHandler.bind(queue)
  queue.clearQueueForHandler = (handlerId: number) => {
    if (mid === handlerId) mid = null
    clear(handlerId)
    void queue.processQueue()
  }
}
