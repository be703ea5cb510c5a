/*
| HTTP server entrypoint: boots the app, prepares the database (embedded or
| external), runs migrations and the demo seed, starts the in-process worker
| and listens on HOST:PORT.
*/
// OpenTelemetry first (when configured): its instrumentations patch `pg` and
// `node:http` as they load.
const { startTracing } = await import('../observability/tracing.js')
await startTracing(new URL('../../', import.meta.url))
await import('reflect-metadata')
const { printBootError } = await import('./boot_error.js')
const { createIgnitor } = await import('./ignitor.js')

const ignitor = createIgnitor()
// The platform's HTTP server (socket timeouts, idle-connection closing) needs
// the booted app (config, logger): load its factory once the app has booted.
let createHttpServer: typeof import('../http/http_server_factory.js').createHttpServer
ignitor.tap((app) =>
  app.booted(async () => {
    ;({ createHttpServer } = await import('../http/http_server_factory.js'))
  })
)
ignitor
  .httpServer()
  .start((handler) => createHttpServer(handler))
  .catch(async (error) => {
    await printBootError(error)
    // Shut the providers down: the embedded database's socket server (started
    // before the failure) would otherwise keep a failed boot alive.
    await ignitor.terminate()
  })
