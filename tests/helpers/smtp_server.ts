import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'
import { simpleParser, type ParsedMail } from 'mailparser'
import { configureMailRelay } from '#core/mail/mail_transport'
import { waitFor } from '#tests/helpers/wait_for'

/** One message the loopback SMTP server accepted: envelope, raw source, parsed form. */
export interface ReceivedMail {
  from: string
  to: string[]
  raw: string
  parsed: ParsedMail
}

/** A real SMTP server on 127.0.0.1 that the platform's mail transport points at. */
export interface LoopbackSmtp {
  port: number
  received: ReceivedMail[]
  /** Messages to an address (envelope recipient, case-insensitive). */
  to(address: string): ReceivedMail[]
  /** Waits until `count` messages reached `address`, and returns them. */
  waitFor(address: string, count?: number, timeoutMs?: number): Promise<ReceivedMail[]>
  /** Recipients whose next RCPT TO the server refuses with this reply code (e.g. 550). */
  refuse: Map<string, number>
  /** Every refused RCPT TO, in order (address and reply code). */
  refused: Array<{ address: string; code: number }>
  stop(): Promise<void>
}

/**
 * Starts a real SMTP server (the `smtp-server` package) on loopback, parses
 * every message it accepts with `mailparser`, and points the platform's mail
 * transport at it until stop() (which switches back to the outbox mode).
 */
export async function startLoopbackSmtp(): Promise<LoopbackSmtp> {
  const received: ReceivedMail[] = []
  const refuse = new Map<string, number>()
  const refused: Array<{ address: string; code: number }> = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 10 * 1024 * 1024,
    onRcptTo(address, _session, callback) {
      const code = refuse.get(address.address.toLowerCase())
      if (code) {
        refused.push({ address: address.address.toLowerCase(), code })
        const error = new Error('Mailbox unavailable') as Error & { responseCode: number }
        error.responseCode = code
        return callback(error)
      }
      callback()
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks).toString('utf8')
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase()),
          raw,
          parsed: await simpleParser(raw),
        })
        callback()
      })
    },
  })
  // A client killed mid-session resets its connection: not an error of the server.
  server.on('error', () => {})
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.server.address() as AddressInfo).port
  const previous = configureMailRelay({
    host: '127.0.0.1',
    port,
    secure: false,
    user: null,
    password: null,
    maxConnections: 2,
  })
  const to = (address: string) => received.filter((mail) => mail.to.includes(address.toLowerCase()))
  return {
    port,
    received,
    refuse,
    refused,
    to,
    async waitFor(address, count = 1, timeoutMs = 15_000) {
      await waitFor(async () => to(address).length >= count, timeoutMs)
      return to(address)
    },
    async stop() {
      configureMailRelay(previous)
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
