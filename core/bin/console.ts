/*
| Ace entrypoint: boots the command-line framework. Commands that need the
| application set `startApp` themselves.
*/
// OpenTelemetry first (when configured): its instrumentations patch `pg` and
// `node:http` as they load.
const { startTracing } = await import('../observability/tracing.js')
await startTracing(new URL('../../', import.meta.url))
await import('reflect-metadata')
const { printBootError } = await import('./boot_error.js')
const { createIgnitor } = await import('./ignitor.js')

createIgnitor()
  .ace()
  .configure(async (app) => {
    // Setup errors (a plugin needing a missing extension, ...) print as one line.
    const { setupAwareErrorHandler } = await import('./ace_error_handler.js')
    const ace = await app.container.make('ace')
    ace.errorHandler = setupAwareErrorHandler(ace.errorHandler)
  })
  .handle(process.argv.splice(2))
  .catch(printBootError)
