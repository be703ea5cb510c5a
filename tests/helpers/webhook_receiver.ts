import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { Webhook } from 'standardwebhooks'

/** One request a receiver got, and whether its Standard Webhooks signature verified. */
export interface ReceivedWebhook {
  headers: IncomingHttpHeaders
  body: string
  verified: boolean
  payload: any
  error?: string
}

/** What the receiver answers: a status and body, optionally after a delay. */
export interface ReceiverReply {
  status: number
  body?: string
  delayMs?: number
}

/**
 * A local webhook endpoint on loopback, written the way a customer would: it
 * verifies each request with the `standardwebhooks` package and the secret the
 * platform showed at creation. `reply` decides the answer per request (the
 * argument counts from 1).
 */
export async function startReceiver(
  reply: (index: number) => ReceiverReply = () => ({ status: 204 })
) {
  const received: ReceivedWebhook[] = []
  let secret: string | undefined
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk) => chunks.push(chunk))
    request.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8')
      const entry: ReceivedWebhook = {
        headers: request.headers,
        body,
        verified: false,
        payload: null,
      }
      try {
        entry.payload = new Webhook(secret ?? '').verify(
          body,
          request.headers as Record<string, string>
        )
        entry.verified = true
      } catch (error) {
        entry.error = (error as Error).message
      }
      received.push(entry)
      const answer = reply(received.length)
      if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs))
      if (response.destroyed) return
      response.writeHead(answer.status, { 'content-type': 'text/plain' })
      response.end(answer.body ?? '')
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  return {
    port,
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    /** The secret to verify with (shown by the platform at creation or rotation). */
    useSecret(value: string) {
      secret = value
    },
    async close() {
      server.closeAllConnections()
      server.close()
      await once(server, 'close').catch(() => {})
    },
  }
}
