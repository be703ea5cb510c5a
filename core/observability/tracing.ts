import type { Span, Tracer } from '@opentelemetry/api'

/**
 * Optional OpenTelemetry tracing, with the official `@opentelemetry/*`
 * packages: HTTP server spans and outgoing `node:http` calls
 * (instrumentation-http), `fetch` calls (instrumentation-undici), database
 * queries (instrumentation-pg, under Lucid/knex and graphile-worker) and one
 * span per job (jobSpan), exported over OTLP/HTTP to
 * `OTEL_EXPORTER_OTLP_ENDPOINT` (or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`).
 *
 * Off when neither is set: none of these packages is even loaded, and
 * jobSpan runs the job directly. It starts first thing in the server and ace
 * entry points (core/bin), before `pg` and `node:http` are loaded, because
 * instrumentations patch modules as they load.
 */
let tracer: Tracer | undefined
let shutdown: (() => Promise<void>) | undefined

/** Whether traces are exported in this process. */
export function tracingEnabled() {
  return Boolean(tracer)
}

/**
 * Starts tracing when an OTLP endpoint is configured (the process environment
 * or `.env`, read the way the app reads it); returns whether it did.
 */
export async function startTracing(appRoot: URL): Promise<boolean> {
  if (tracer) return true
  const { EnvProcessor } = await import('@adonisjs/core/env')
  // Loads `.env` into process.env where unset, as the app's boot does next.
  await new EnvProcessor(appRoot).process()
  const env = process.env
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT
  if (!endpoint) return false

  // ES modules are patched through import-in-the-middle's loader hook, limited
  // to the instrumented modules (the others load untouched).
  const { register } = await import('node:module')
  register('@opentelemetry/instrumentation/hook.mjs', import.meta.url, {
    data: { include: ['http', 'node:http', 'https', 'node:https', 'pg', 'pg-pool'] },
  })
  const [api, contextHooks, core, sdk, resources, exporter, instrumentation, http, undici, pg] =
    await Promise.all([
      import('@opentelemetry/api'),
      import('@opentelemetry/context-async-hooks'),
      import('@opentelemetry/core'),
      import('@opentelemetry/sdk-trace'),
      import('@opentelemetry/resources'),
      import('@opentelemetry/exporter-trace-otlp-http'),
      import('@opentelemetry/instrumentation'),
      import('@opentelemetry/instrumentation-http'),
      import('@opentelemetry/instrumentation-undici'),
      import('@opentelemetry/instrumentation-pg'),
    ])
  const level = env.OTEL_LOG_LEVEL?.toUpperCase() as keyof typeof api.DiagLogLevel | undefined
  if (level && level in api.DiagLogLevel) {
    // The SDK's own diagnostics (export failures, ...) on the console.
    api.diag.setLogger(new api.DiagConsoleLogger(), api.DiagLogLevel[level])
  }
  const provider = new sdk.TracerProvider({
    resource: resources.defaultResource().merge(
      resources.resourceFromAttributes({
        'service.name': env.OTEL_SERVICE_NAME || 'action-insight-pilot',
      })
    ),
    // The exporter reads the OTEL_EXPORTER_OTLP_* variables (endpoint, headers, timeout).
    spanProcessors: [
      new sdk.BatchSpanProcessor({
        exporter: new exporter.OTLPTraceExporter(),
        // The specification's variable (ms between exports; default 5000).
        scheduledDelayMillis: Number(env.OTEL_BSP_SCHEDULE_DELAY) || undefined,
      }),
    ],
  })
  api.context.setGlobalContextManager(new contextHooks.AsyncLocalStorageContextManager().enable())
  api.propagation.setGlobalPropagator(
    new core.CompositePropagator({
      propagators: [new core.W3CTraceContextPropagator(), new core.W3CBaggagePropagator()],
    })
  )
  api.trace.setGlobalTracerProvider(provider)
  instrumentation.registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new http.HttpInstrumentation({
        // Probes and scrapes would drown the traces.
        ignoreIncomingRequestHook: (request) =>
          /^\/(health|metrics)(\/|$|\?)/.test(request.url ?? ''),
      }),
      new undici.UndiciInstrumentation(),
      // Only queries inside a request or a job: not the worker's polling.
      new pg.PgInstrumentation({ requireParentSpan: true }),
    ],
  })
  tracer = api.trace.getTracer('action-insight-pilot')
  shutdown = () => provider.shutdown()
  return true
}

/** Exports the spans still buffered and stops tracing (process end). */
export async function stopTracing() {
  await shutdown?.()
  shutdown = undefined
  tracer = undefined
}

/**
 * Runs a job inside a `job <task>` span (the job's queries become its
 * children), recording its outcome; without tracing, runs it as is.
 */
export async function jobSpan<T>(
  task: string,
  attributes: Record<string, string | number>,
  run: () => Promise<T>
): Promise<T> {
  if (!tracer) return run()
  return tracer.startActiveSpan(
    `job ${task}`,
    { attributes: { 'job.task': task, ...attributes } },
    async (span: Span) => {
      try {
        return await run()
      } catch (error) {
        span.recordException(error as Error)
        span.setStatus({ code: 2, message: (error as Error).message })
        throw error
      } finally {
        span.end()
      }
    }
  )
}
