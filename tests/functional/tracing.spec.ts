import { test } from '@japa/runner'
import { FakeHttpServer } from '#tests/helpers/fake_http_server'
import { freePort, ServerProcess } from '#tests/helpers/processes'
import { uniqueEmail } from '#tests/helpers/accounts'
import { waitFor } from '#tests/helpers/wait_for'

/** One span of an OTLP/HTTP JSON export, as the receiver decodes it. */
interface OtlpSpan {
  traceId: string
  spanId: string
  parentSpanId?: string
  name: string
  kind: number
  attributes: { key: string; value: Record<string, unknown> }[]
  scope: string
}

/** Every span the receiver got (resourceSpans → scopeSpans → spans). */
function spansOf(receiver: FakeHttpServer): OtlpSpan[] {
  return receiver.requests
    .filter((request) => request.path === '/v1/traces')
    .flatMap((request) =>
      (request.body?.resourceSpans ?? []).flatMap((resource: any) =>
        resource.scopeSpans.flatMap((scope: any) =>
          scope.spans.map((span: any) => ({ ...span, scope: scope.scope.name }))
        )
      )
    )
}

const attribute = (span: OtlpSpan, key: string) =>
  Object.values(span.attributes.find((entry) => entry.key === key)?.value ?? {})[0]

const SERVER = 2
const CLIENT = 3

test.group('OpenTelemetry tracing (OTEL_EXPORTER_OTLP_ENDPOINT)', () => {
  test('a request exports one trace with its server span and its database spans; a job its own span', async ({
    assert,
    cleanup,
  }) => {
    const receiver = await new FakeHttpServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}')
    }).start()
    cleanup(() => receiver.close())
    const server = new ServerProcess(await freePort(), {
      PLUGINS: 'none',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.origin,
      OTEL_BSP_SCHEDULE_DELAY: '100',
      OTEL_SERVICE_NAME: 'aip-tracing-test',
    })
    cleanup(() => server.stop())
    await server.waitReady()

    const registered = await fetch(`${server.baseUrl}/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: uniqueEmail('otel'), password: 'correct-horse-battery' }),
    })
    assert.equal(registered.status, 201)
    const token = ((await registered.json()) as { token: { value: string } }).token.value
    const listed = await fetch(`${server.baseUrl}/v1/workspaces`, {
      headers: { authorization: `Bearer ${token}` },
    })
    assert.equal(listed.status, 200)

    const request = await waitFor(
      async () =>
        spansOf(receiver).find(
          (span) =>
            span.kind === SERVER &&
            attribute(span, 'url.path') === '/v1/workspaces' &&
            attribute(span, 'http.response.status_code') === 200
        ),
      30_000
    )
    assert.equal(request!.name.split(' ')[0], 'GET')
    const queries = await waitFor(async () => {
      const children = spansOf(receiver).filter(
        (span) => span.traceId === request!.traceId && span.kind === CLIENT
      )
      return children.some((span) => attribute(span, 'db.system.name') === 'postgresql')
        ? children
        : undefined
    }, 30_000)
    const database = queries!.filter((span) => span.scope === '@opentelemetry/instrumentation-pg')
    assert.isAbove(database.length, 0)
    const ids = new Set(
      spansOf(receiver)
        .filter((s) => s.traceId === request!.traceId)
        .map((s) => s.spanId)
    )
    for (const span of database) assert.isTrue(ids.has(span.parentSpanId!), span.name)
    // Probes stay out of the traces, and the worker's polling makes no root database spans.
    assert.isUndefined(
      spansOf(receiver).find((span) => attribute(span, 'url.path') === '/health/ready')
    )
    assert.isUndefined(
      spansOf(receiver).find(
        (span) => span.scope === '@opentelemetry/instrumentation-pg' && !span.parentSpanId
      )
    )
    const service = receiver.requests[0].body.resourceSpans[0].resource.attributes.find(
      (entry: { key: string }) => entry.key === 'service.name'
    )
    assert.equal(service.value.stringValue, 'aip-tracing-test')

    // A job: a privacy export runs in the worker, inside a `job core/privacy_export` span
    // whose queries are its children.
    const exported = await fetch(`${server.baseUrl}/v1/privacy/exports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    })
    assert.equal(exported.status, 202)
    const job = await waitFor(
      async () => spansOf(receiver).find((span) => span.name === 'job core/privacy_export'),
      60_000
    )
    assert.equal(attribute(job!, 'job.task'), 'core/privacy_export')
    const jobQueries = await waitFor(async () => {
      const children = spansOf(receiver).filter(
        (span) =>
          span.parentSpanId === job!.spanId && span.scope === '@opentelemetry/instrumentation-pg'
      )
      return children.length ? children : undefined
    }, 30_000)
    assert.isAbove(jobQueries!.length, 0)
  }).timeout(300_000)
})
