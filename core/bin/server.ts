/*
| HTTP server entrypoint: boots the app, prepares the database (embedded or
| external), runs migrations and the demo seed, starts the in-process worker
| and listens on HOST:PORT.
*/
await import('reflect-metadata')
const { printBootError } = await import('./boot_error.js')
const { createIgnitor } = await import('./ignitor.js')

createIgnitor()
  .httpServer()
  .start()
  .catch(async (error) => {
    await printBootError(error)
    // The embedded database's socket server would keep a failed boot alive.
    process.exit(1)
  })
