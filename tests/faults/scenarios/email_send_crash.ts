import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomUUID } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { SMTPServer } from 'smtp-server'
import { freePort, ServerProcess } from '#tests/helpers/processes'

const RECIPIENTS = 300
const KILLS = 5
const CONCURRENCY = 2
/** Messages whose `sent` commit may be lost per sending job and kill (one marking, one sending). */
const IN_FLIGHT = 2
const COMPLETE_WITHIN_MS = 120_000

/**
 * Issue 12, "sending exactly once": a 300-recipient campaign to a real SMTP
 * server on loopback; the server's process group is killed with `kill -9`
 * five times while it sends, and restarted on the same data each time. Done
 * when every recipient got the campaign (0 misses) and duplicates stay within
 * the documented bound: only a message in flight at a kill, between the
 * relay's acceptance and the commit of `sent`, may be sent twice (at most two
 * per sending job and kill, with the same Message-ID). Prints both.
 */
export default async function scenario(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'aip-fault-email-'))
  const external = Boolean(process.env.DATABASE_URL)
  const received = new Map<string, string[]>()
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8')
        const messageId = /^Message-ID:\s*(\S+)/im.exec(raw)?.[1] ?? ''
        for (const rcpt of session.envelope.rcptTo) {
          const address = rcpt.address.toLowerCase()
          received.set(address, [...(received.get(address) ?? []), messageId])
        }
        callback()
      })
    },
  })
  // A client killed mid-session resets its connection: not an error of the server.
  smtp.on('error', () => {})
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve))
  const env = {
    DATA_DIR: dataDir,
    EMBEDDED_STORAGE: 'disk',
    PLUGINS: external ? process.env.PLUGINS : 'leads,email',
    LOG_LEVEL: 'warn',
    WORKER_LEASE_SECONDS: '5',
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String((smtp.server.address() as AddressInfo).port),
    EMAIL_SEND_CONCURRENCY: String(CONCURRENCY),
    EMAIL_SEND_MAX_PER_SECOND: '15',
    EMAIL_SEND_BATCH_SIZE: '10',
  }
  const total = () => [...received.values()].reduce((sum, list) => sum + list.length, 0)
  let server = new ServerProcess(await freePort(), env)
  try {
    await server.waitReady()
    const registered = await fetch(`${server.baseUrl}/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: `sender-${randomUUID().slice(0, 8)}@example.com`,
        password: 'correct-horse-battery',
      }),
    })
    const token = ((await registered.json()) as { token: { value: string } }).token.value
    const call = async (path: string, body?: unknown) => {
      const response = await fetch(`${server.baseUrl}/v1${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { 'authorization': `Bearer ${token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      if (response.status >= 300)
        throw new Error(`${path}: ${response.status} ${await response.text()}`)
      return (await response.json()) as Record<string, any>
    }
    const recipients = Array.from({ length: RECIPIENTS }, (_, index) => `r${index}@crash.example`)
    for (const email of recipients) {
      await call('/email/contacts', { email, consent_source: 'fault scenario', tags: ['crash'] })
    }
    const template = await call('/email/templates', {
      name: 'Crash',
      subject_line: 'Hello {{ email }}',
      html_content:
        '<p>Hello {{ email }}</p><p><a href="{{ unsubscribe_url }}">Unsubscribe</a></p>',
    })
    const segment = await call('/email/segments', {
      name: 'crash',
      conditions: { tags_any: ['crash'] },
    })
    const campaign = await call('/email/campaigns', {
      name: 'Crash campaign',
      template_id: template.id,
      segment_id: segment.id,
    })
    await call(`/email/campaigns/${campaign.id}/send`, {})
    console.log(`  campaign of ${RECIPIENTS} recipients started`)

    for (let kill = 1; kill <= KILLS; kill++) {
      const target = Math.floor((RECIPIENTS * kill) / (KILLS + 1))
      const deadline = Date.now() + 60_000
      while (total() < target && Date.now() < deadline) await sleep(5)
      await server.kill9()
      console.log(`  kill -9 #${kill} after ${total()} messages received`)
      server = new ServerProcess(await freePort(), env)
      await server.waitReady()
    }
    const started = Date.now()
    let status = ''
    while (Date.now() - started < COMPLETE_WITHIN_MS) {
      status = (await call(`/email/campaigns/${campaign.id}`)).status
      if (status === 'sent') break
      await sleep(200)
    }
    const final = await call(`/email/campaigns/${campaign.id}`)
    const missing = recipients.filter((email) => !received.has(email))
    const duplicated = [...received.entries()].filter(([, ids]) => ids.length > 1)
    const sameMessageId = duplicated.every(([, ids]) => new Set(ids).size === 1)
    console.log(
      `  ${external ? 'external database' : 'embedded (disk)'}: campaign ${final.status}; ` +
        `${received.size}/${RECIPIENTS} recipients reached, ${missing.length} missed, ` +
        `${duplicated.length} duplicate(s) (bound ${KILLS * CONCURRENCY * IN_FLIGHT}, same Message-ID: ${sameMessageId}); ` +
        `stats ${JSON.stringify(final.stats)}`
    )
    const problems: string[] = []
    if (final.status !== 'sent') problems.push(`campaign ${final.status}`)
    if (missing.length) problems.push(`${missing.length} recipient(s) missed`)
    if (duplicated.length > KILLS * CONCURRENCY * IN_FLIGHT)
      problems.push(
        `${duplicated.length} duplicates, over the bound of ${KILLS * CONCURRENCY * IN_FLIGHT}`
      )
    if (!sameMessageId) problems.push('a duplicate carried another Message-ID')
    if (final.stats.sent !== RECIPIENTS) problems.push(`ledger says ${final.stats.sent} sent`)
    if (problems.length) throw new Error(`email send crash: ${problems.join('; ')}`)
  } finally {
    await server.stop()
    await new Promise<void>((resolve) => smtp.close(() => resolve()))
    await rm(dataDir, { recursive: true, force: true })
  }
}
