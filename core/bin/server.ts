/*
| HTTP server entrypoint: boots the app, prepares the database (embedded or
| external), runs migrations and the demo seed, starts the in-process worker
| and listens on HOST:PORT.
*/
await import('reflect-metadata')
const { prettyPrintError } = await import('@adonisjs/core')
const { createIgnitor } = await import('./ignitor.js')

createIgnitor()
  .httpServer()
  .start()
  .catch((error) => {
    process.exitCode = 1
    prettyPrintError(error)
  })
