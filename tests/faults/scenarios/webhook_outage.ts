import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { freePort, ServerProcess } from '#tests/helpers/processes'
import { startReceiver } from '#tests/helpers/webhook_receiver'

const EVENTS = 20
const OUTAGE_MS = 120_000
const DELIVERED_WITHIN_MS = 60_000

/**
 * Fault (c) of issue 16: a customer's webhook endpoint answers 503 for
 * 2 minutes while 20 `lead.created` events are emitted (embedded database,
 * in-process worker, retries every few seconds). Done when, once the
 * endpoint is back, every event is delivered exactly once within 60 s, the
 * webhook stays enabled, and the delivery log shows the failed attempts
 * before each success.
 */
export default async function scenario(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'aip-fault-webhook-'))
  let downUntil = Date.now() + OUTAGE_MS
  // The status answered to each request, by its position in `received`.
  const statuses: number[] = []
  const receiver = await startReceiver((index) => {
    const status = Date.now() < downUntil ? 503 : 204
    statuses[index - 1] = status
    return { status, body: status === 503 ? 'down for maintenance' : '' }
  })
  const server = new ServerProcess(await freePort(), {
    DATA_DIR: dataDir,
    EMBEDDED_STORAGE: 'disk',
    PLUGINS: 'leads',
    LOG_LEVEL: 'error',
    WEBHOOK_ALLOWED_PRIVATE_TARGETS: '127.0.0.0/8',
    WEBHOOK_RETRY_BASE_MS: '2000',
    WEBHOOK_RETRY_MAX_DELAY_MS: '10000',
    WEBHOOK_MAX_ATTEMPTS: '40',
  })
  try {
    await server.waitReady()
    const base = server.baseUrl
    const json = async (method: string, path: string, token?: string, body?: unknown) => {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status}`)
      return response.json() as Promise<any>
    }
    const registered = await json('POST', '/v1/auth/register', undefined, {
      email: `fault-${randomUUID().slice(0, 8)}@example.test`,
      password: 'correct-horse-battery',
      full_name: 'Fault',
    })
    const token = registered.token.value as string
    const hook = await json('POST', '/v1/webhooks', token, {
      name: 'outage',
      url: receiver.url,
      events: ['lead.created'],
    })
    receiver.useSecret(hook.secret)
    const hookId = hook.webhook.id as string
    downUntil = Date.now() + OUTAGE_MS
    for (let index = 0; index < EVENTS; index++) {
      await json('POST', '/v1/leads', token, {
        email: `outage-${index}@fault.example.test`,
        source: 'fault',
      })
    }
    await sleep(Math.max(0, downUntil - Date.now()))
    const back = Date.now()
    const delivered = () =>
      receiver.received.filter(
        (entry, index) =>
          entry.verified && entry.payload?.type === 'lead.created' && statuses[index] === 204
      )
    const succeeded = () =>
      new Set(delivered().map((entry) => /outage-\d+@fault\.example\.test/.exec(entry.body)?.[0]))
    while (Date.now() - back < DELIVERED_WITHIN_MS && succeeded().size < EVENTS) await sleep(250)
    const deliveredMs = Date.now() - back

    const deliveries = (await json('GET', `/v1/webhooks/${hookId}/deliveries?limit=100`, token))
      .data as { status: string; attempts: number }[]
    const shown = await json('GET', `/v1/webhooks/${hookId}`, token)
    const webhook = (shown.webhook ?? shown) as { is_active: boolean }
    const failedAttempts = statuses.filter((status) => status === 503).length
    const successes = delivered().length
    const attempts = deliveries.map((delivery) => delivery.attempts)
    console.log(
      `  ${EVENTS} events during a ${OUTAGE_MS / 1000} s outage: ${failedAttempts} attempts answered 503; ` +
        `all delivered ${(deliveredMs / 1000).toFixed(1)} s after the endpoint came back; ` +
        `${successes} successful deliveries; attempts per delivery ${Math.min(...attempts)}–${Math.max(...attempts)}; ` +
        `webhook ${webhook.is_active ? 'enabled' : 'disabled'}`
    )
    const problems: string[] = []
    if (succeeded().size !== EVENTS) problems.push(`${succeeded().size}/${EVENTS} events delivered`)
    if (successes !== EVENTS)
      problems.push(`${successes} successful deliveries for ${EVENTS} events`)
    if (deliveries.length !== EVENTS || deliveries.some((d) => d.status !== 'succeeded')) {
      problems.push(`delivery log: ${JSON.stringify(deliveries.map((d) => d.status))}`)
    }
    if (attempts.some((count) => count < 2)) {
      problems.push('a delivery shows no failed attempt before its success')
    }
    if (!webhook.is_active) problems.push('the webhook was disabled')
    if (problems.length) throw new Error(`webhook outage: ${problems.join('; ')}`)
  } finally {
    await server.stop()
    await receiver.close()
    await rm(dataDir, { recursive: true, force: true })
  }
}
