/**
 * JavaScript entrypoint for ace commands: registers the TypeScript loader,
 * then hands over to the console entrypoint in core/bin.
 */
import '@poppinss/ts-exec'

await import('./core/bin/console.js')
