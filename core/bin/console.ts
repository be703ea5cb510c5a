/*
| Ace entrypoint: boots the command-line framework. Commands that need the
| application set `startApp` themselves.
*/
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
